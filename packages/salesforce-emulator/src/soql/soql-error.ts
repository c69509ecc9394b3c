import { SalesforceError } from '../salesforce-error.ts';

/** Characters of query text Salesforce quotes on each side of the failing position. */
const QUOTE_RADIUS = 40;
/** How far a quoted window may grow to reach a whole token at either end. */
const TOKEN_SLACK = 40;

/** 1-based row and column of an offset in the query text, as Salesforce counts them. */
export function rowColumn(soql: string, offset: number): { row: number; column: number } {
  let row = 1;
  let lineStart = 0;
  const end = Math.min(offset, soql.length);
  for (let i = 0; i < end; i++) {
    if (soql.charCodeAt(i) === 10) {
      row += 1;
      lineStart = i + 1;
    }
  }
  return { row, column: offset - lineStart + 1 };
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * The part of the query Salesforce prints above the caret: about 40 characters each side of the
 * failing position, widened to whole tokens.
 */
function quote(soql: string, offset: number): { text: string; caret: number } {
  let from = Math.max(0, offset - QUOTE_RADIUS);
  for (let n = 0; from > 0 && !isSpace(soql[from - 1]) && n < TOKEN_SLACK; n++) from--;
  let to = Math.min(soql.length, offset + QUOTE_RADIUS);
  for (let n = 0; to < soql.length && !isSpace(soql[to]) && n < TOKEN_SLACK; n++) to++;
  while (from < offset && isSpace(soql[from])) from++;
  const text = soql.slice(from, to).trimEnd();
  const lineStart = soql.lastIndexOf('\n', offset - 1) + 1;
  return { text, caret: offset - Math.max(from, lineStart) };
}

/**
 * A query error in Salesforce's layout: the quoted query, a caret under the failing position,
 * `ERROR at Row:r:Column:c`, then the message.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export function soqlError(
  errorCode: string,
  soql: string,
  offset: number,
  message: string,
): SalesforceError {
  const { row, column } = rowColumn(soql, offset);
  const { text, caret } = quote(soql, offset);
  return new SalesforceError(
    400,
    errorCode,
    `\n${text}\n${' '.repeat(Math.max(0, caret))}^\nERROR at Row:${row}:Column:${column}\n${message}`,
  );
}

/** `MALFORMED_QUERY` at a position of the query. */
export function malformedQuery(soql: string, offset: number, message: string): SalesforceError {
  return soqlError('MALFORMED_QUERY', soql, offset, message);
}

/**
 * A character-level error, which Salesforce reports in its lexer's own style
 * (`line 1:36 no viable alternative at character '"'`), without the quoted query.
 */
export function lexerError(soql: string, offset: number, message: string): SalesforceError {
  const { row, column } = rowColumn(soql, offset);
  return new SalesforceError(400, 'MALFORMED_QUERY', `line ${row}:${column - 1} ${message}`);
}
