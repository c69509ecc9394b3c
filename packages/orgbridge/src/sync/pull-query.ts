/** Field and object names as Salesforce spells them; anything else never reaches a query. */
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function isSalesforceName(name: string): boolean {
  return NAME.test(name) && name.length <= 80;
}

/** A SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const UTC_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UTC_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/** Salesforce's `2026-11-23T10:00:00.000+0000` as ISO 8601 UTC, which sorts as text. */
export function normalizeModstamp(value: string): string {
  // The two spellings Salesforce uses for UTC, without parsing a date per record (a hot path).
  if (UTC_Z.test(value)) return value;
  if (UTC_OFFSET.test(value)) return `${value.slice(0, 23)}Z`;
  const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(parsed)) throw new Error(`not a datetime: ${value}`);
  return new Date(parsed).toISOString();
}

/** Where a page starts: after this (SystemModstamp, Id), or from the beginning. */
export interface PageStart {
  modstamp: string;
  id: string;
}

/**
 * One page of a pull, in the order that makes resuming safe: `ORDER BY SystemModstamp, Id` with
 * a keyset condition after the last committed record. A record changed while a long pull is
 * paging gets a newer SystemModstamp and so moves to the end of the order: it is read later in
 * the same pull (or the next), never skipped. `queryAll` is used by the caller so deleted records
 * (`IsDeleted = true`, in the recycle bin) come too.
 */
export function pageQuery(options: {
  object: string;
  fields: string[];
  filter: string | null;
  after: PageStart | null;
  limit: number;
}): string {
  const conditions: string[] = [];
  if (options.after) {
    const ts = options.after.modstamp;
    // An empty Id means "from this instant on" (an overlap start): Id literals must be valid
    // Ids, so the boundary is written without one.
    conditions.push(
      options.after.id === ''
        ? `SystemModstamp >= ${ts}`
        : `(SystemModstamp > ${ts} OR (SystemModstamp = ${ts} AND Id > ${soqlString(options.after.id)}))`,
    );
  }
  if (options.filter) conditions.push(`(${options.filter})`);
  return (
    `SELECT ${options.fields.join(', ')} FROM ${options.object}` +
    (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
    ` ORDER BY SystemModstamp, Id LIMIT ${options.limit}`
  );
}
