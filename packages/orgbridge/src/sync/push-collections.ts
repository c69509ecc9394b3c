import { AppError, ErrorCode } from '../errors.ts';
import type { OrgClient } from '../connections/org-client.ts';
import type { Delivery, RecordResult, SalesforceRecordError } from './push-delivery.ts';

/** sObject Collections take at most 200 records a call. */
export const COLLECTION_SIZE = 200;

interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

/**
 * Sends up to 200 writes of one object and one kind through sObject Collections with
 * `allOrNone: false`, so each record succeeds or fails on its own. Salesforce answers one result
 * per record in the order sent.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
export async function sendCollection(
  client: OrgClient,
  connectionId: string,
  object: string,
  chunk: Delivery[],
): Promise<RecordResult[]> {
  const call = chunk[0]!.call;
  const base = '/services/data/{version}/composite/sobjects';
  const records = chunk.map((d) => {
    const record: Record<string, unknown> = { attributes: { type: object }, ...d.fields };
    if (call === 'update') record.id = d.row.record_id;
    if (call === 'upsert') record[d.keyField!] = d.keyValue;
    return record;
  });
  let answer: CollectionResult[];
  if (call === 'delete') {
    const ids = chunk.map((d) => d.row.record_id!).join(',');
    answer = (
      await client.request<CollectionResult[]>(connectionId, {
        method: 'DELETE',
        path: `${base}?ids=${encodeURIComponent(ids)}&allOrNone=false`,
      })
    ).body;
  } else {
    const path = call === 'upsert' ? `${base}/${object}/${chunk[0]!.keyField!}` : base;
    answer = (
      await client.request<CollectionResult[]>(connectionId, {
        method: call === 'create' ? 'POST' : 'PATCH',
        path,
        body: { allOrNone: false, records },
      })
    ).body;
  }
  if (!Array.isArray(answer) || answer.length !== chunk.length)
    throw new AppError(
      ErrorCode.SALESFORCE_ERROR,
      'Salesforce answered a different number of results than records sent',
      { details: { kind: 'invalid_response' } },
    );
  return answer.map((r): RecordResult => {
    if (r.success)
      return { success: true, id: r.id ?? null, created: r.created ?? call === 'create' };
    const errors: SalesforceRecordError[] = (r.errors ?? []).map((e) => ({
      statusCode: e.statusCode,
      message: e.message,
      fields: e.fields ?? [],
    }));
    return { success: false, errors };
  });
}
