import type { SObjectRecord } from '../data/sobject-table.ts';
import type { ApiContext } from '../http/api-route.ts';
import type { FieldDefinition } from '../schema/field-definition.ts';
import { SalesforceError, notFound } from '../salesforce-error.ts';
import { createAs, fieldValues, updateAs } from './dml.ts';
import { findByLookupValue } from './external-id.ts';
import { jsonText } from './request-body.ts';
import type { VisibleObject } from './sobject-access.ts';
import type { WriteJournal } from './write-journal.ts';

/** What an upsert did. */
export interface UpsertOutcome {
  record: SObjectRecord;
  created: boolean;
}

/**
 * An upsert whose external id matched several records: REST answers 300 with their URLs,
 * collections and Bulk report `DUPLICATE_EXTERNAL_ID`.
 */
export class MultipleMatchesError extends SalesforceError {
  readonly ids: string[];

  constructor(f: FieldDefinition, ids: string[]) {
    super(
      300,
      'DUPLICATE_EXTERNAL_ID',
      `${f.name}: more than one record found for external id field: [${ids.join(', ')}]`,
      [],
    );
    this.ids = ids;
  }
}

export interface UpsertOptions {
  /** `?updateOnly=true`: never create; no match is 404 `NOT_FOUND`. */
  updateOnly?: boolean;
  journal?: WriteJournal;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Creates or updates the record whose lookup field has this value. No match creates it (with the
 * field set to the value), one match updates it, several fail with {@link MultipleMatchesError}.
 * With the `Id` field a blank value always creates and an unknown id is 404. Create needs the
 * caller's create access and update their edit access.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 */
export function upsertByLookup(
  ctx: ApiContext,
  object: VisibleObject,
  f: FieldDefinition,
  value: unknown,
  body: Record<string, unknown>,
  options: UpsertOptions = {},
): UpsertOutcome {
  const values = fieldValues(body);
  for (const key of Object.keys(values)) {
    if (key.toLowerCase() !== f.name.toLowerCase()) continue;
    const same = jsonText(values[key]).toLowerCase() === jsonText(value).toLowerCase();
    if (!same) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD',
        `${f.name}: the value in the request body does not match the external id value in the URL`,
        [f.name],
      );
    }
    delete values[key];
  }
  const isId = f.type === 'id';
  if (!isId && isBlank(value)) {
    throw new SalesforceError(400, 'MISSING_ARGUMENT', `${f.name} not specified`, []);
  }
  const matches = isId && isBlank(value) ? [] : findByLookupValue(ctx.org, object.def, f, value);
  if (matches.length > 1)
    throw new MultipleMatchesError(
      f,
      matches.map((r) => r.Id),
    );
  const match = matches[0];
  if (match) {
    return {
      record: updateAs(ctx, object, match.Id, values, options.journal),
      created: false,
    };
  }
  if (options.updateOnly || (isId && !isBlank(value))) throw notFound();
  const created = createAs(
    ctx,
    object,
    isId ? values : { ...values, [f.name]: value },
    options.journal,
  );
  return { record: created, created: true };
}
