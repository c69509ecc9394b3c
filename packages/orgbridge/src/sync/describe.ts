import { AppError, ErrorCode } from '../errors.ts';
import type { OrgClient } from '../connections/org-client.ts';
import { salesforceOutcome } from '../salesforce/index.ts';

/** What sync needs from an object's describe, as the connection's user sees it. */
export interface ObjectShape {
  name: string;
  queryable: boolean;
  /** Field name → type; Salesforce leaves out the fields the user cannot read. */
  fields: Map<string, string>;
}

/** Compound fields (addresses, geolocations) are read through their component fields. */
const COMPOUND_TYPES = new Set(['address', 'location']);

/**
 * Reads an object's describe; `VALIDATION_FAILED` naming the object when it does not exist or
 * the user cannot see it (Salesforce answers `NOT_FOUND` for both).
 */
export async function describeObject(
  client: OrgClient,
  connectionId: string,
  object: string,
): Promise<ObjectShape> {
  try {
    const answer = await client.request<{
      name: string;
      queryable: boolean;
      fields: Array<{ name: string; type: string }>;
    }>(connectionId, {
      path: `/services/data/{version}/sobjects/${encodeURIComponent(object)}/describe`,
    });
    return {
      name: answer.body.name,
      queryable: answer.body.queryable,
      fields: new Map(answer.body.fields.map((f) => [f.name, f.type])),
    };
  } catch (error) {
    if (
      salesforceOutcome(error)?.kind === 'invalid_request' ||
      salesforceOutcome(error)?.kind === 'access_denied'
    )
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `Salesforce has no object "${object}" that this connection's user can read`,
        { details: { field: 'object', object } },
      );
    throw error;
  }
}

/** The fields a pull reads: the mapping's list (those still readable) or every readable field. */
export function pulledFields(
  shape: ObjectShape,
  wanted: string[] | null,
): { fields: string[]; missing: string[] } {
  const readable = [...shape.fields.entries()]
    .filter(([, type]) => !COMPOUND_TYPES.has(type))
    .map(([name]) => name);
  const base = ['Id', 'SystemModstamp', 'IsDeleted'];
  if (wanted === null) {
    return {
      fields: [...new Set([...base, ...readable.filter((f) => shape.fields.has(f))])],
      missing: [],
    };
  }
  const known = new Set(readable.map((f) => f.toLowerCase()));
  const missing = wanted.filter((f) => !known.has(f.toLowerCase()));
  const kept = wanted.filter((f) => known.has(f.toLowerCase()));
  return { fields: [...new Set([...base, ...kept])], missing };
}
