import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../salesforce-error.ts';

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

const notSupported = (what: string) => new SalesforceError(400, 'API_ERROR', what);

function parsed(soql: string): Query | undefined {
  try {
    return parseQuery(soql);
  } catch {
    // The SOQL engine reports malformed queries in Salesforce's words.
    return undefined;
  }
}

/**
 * Rejects the SOQL that Bulk API 2.0 query jobs do not run: parent-to-child subqueries,
 * aggregate functions and GROUP BY, OFFSET, TYPEOF and FIELDS(). Salesforce documents the list
 * but not the error; the emulator answers 400 `API_ERROR` at job creation, worded like the
 * observed "Aggregate Relationships not supported in Bulk Query". Semi-joins in WHERE are legal.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
export function checkBulkQuery(soql: string): void {
  const query = parsed(soql);
  if (!query) return;
  for (const field of query.fields ?? []) {
    if (field.type === 'FieldSubquery') {
      throw notSupported('Aggregate Relationships not supported in Bulk Query');
    }
    if (field.type === 'FieldTypeof') throw notSupported('TYPEOF not supported in Bulk Query');
    if (field.type === 'FieldFunctionExpression') {
      const name = field.functionName.toUpperCase();
      if (name === 'FIELDS') throw notSupported('FIELDS() not supported in Bulk Query');
      // The parser also flags date functions as aggregates, and those are legal; match by name.
      if (AGGREGATES.has(name)) throw notSupported('Aggregate queries not supported in Bulk Query');
    }
  }
  if (query.groupBy !== undefined) throw notSupported('GROUP BY not supported in Bulk Query');
  if (query.offset !== undefined) throw notSupported('OFFSET not supported in Bulk Query');
}
