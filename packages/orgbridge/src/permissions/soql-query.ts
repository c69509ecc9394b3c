import { AppError, ErrorCode } from '../errors.ts';
import { DATA_PATH, type SalesforceReader } from './salesforce-reader.ts';

/** One row of a query result: field values by API name, relationships as nested rows. */
export type Row = Record<string, unknown>;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A SOQL string literal: quoted, with Salesforce's escape sequences for quotes, backslashes and
 * control characters, so a value can never end the literal early.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/** `('a', 'b')` for an `IN` filter; never called with an empty list. */
export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlString).join(', ')})`;
}

// A guard against a server that keeps answering `done: false`; permission rows are few.
const MAX_PAGES = 50;

function malformed(): AppError {
  return new AppError(
    ErrorCode.SALESFORCE_ERROR,
    'Salesforce sent a query result of an unknown shape',
  );
}

/**
 * Every row of a SOQL query, following `nextRecordsUrl` until `done`. Throws what the reader
 * throws, or `SALESFORCE_ERROR` for an answer that is not a query result.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
export async function queryRows(reader: SalesforceReader, soql: string): Promise<Row[]> {
  const rows: Row[] = [];
  let path: string | null = `${DATA_PATH}/query?q=${encodeURIComponent(soql)}`;
  for (let page = 0; path !== null && page < MAX_PAGES; page += 1) {
    const body: unknown = await reader.get<unknown>(path);
    if (typeof body !== 'object' || body === null) throw malformed();
    const { records, done, nextRecordsUrl } = body as Row;
    if (!Array.isArray(records)) throw malformed();
    for (const record of records as unknown[]) {
      if (typeof record === 'object' && record !== null) rows.push(record as Row);
    }
    // Only ever follow a path on the same API, whatever the answer says.
    path =
      done === false &&
      typeof nextRecordsUrl === 'string' &&
      nextRecordsUrl.startsWith('/services/data/')
        ? nextRecordsUrl
        : null;
  }
  return rows;
}

/** A text field of a row (`Profile.Name` follows the relationship), or null. */
export function text(row: Row | undefined, path: string): string | null {
  let node: unknown = row;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Row)[key];
  }
  return typeof node === 'string' ? node : null;
}

/** A checkbox field of a row: true only when Salesforce says true. */
export function flag(row: Row | undefined, path: string): boolean {
  let node: unknown = row;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Row)[key];
  }
  return node === true;
}
