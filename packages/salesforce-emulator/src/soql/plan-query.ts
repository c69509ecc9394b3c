import { findObject } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { invalidType } from '../salesforce-error.ts';
import { objectAccess } from '../security/access.ts';
import { planAggregate, type AggregateGroup } from './aggregate-plan.ts';
import type { BindContext, Getter, QueryScope } from './bind-context.ts';
import { bindRecordOperand } from './bind-operand.ts';
import { findChildRelationship } from './child-relationships.ts';
import { compileCondition, type ConditionBinder, type Predicate } from './compile-condition.ts';
import { AGGREGATE_FUNCTIONS, DISPLAY_FUNCTIONS } from './date-functions.ts';
import { resolveField } from './field-path.ts';
import type { PlannedQuery, PlanQuery, QueryClauses } from './query-engine.ts';
import { addField, renderRecords, type ChildPlan, type RenderPlan } from './render-plan.ts';
import { countTable, scanTable, stillVisible, type ScanScope } from './scan-table.ts';
import type { Condition, SelectItem, SoqlQuery } from './soql-ast.ts';
import { malformedQuery, soqlError } from './soql-error.ts';
import { parseSoql } from './soql-parser.ts';
import { sortRows, type SortSpec } from './sort-rows.ts';
import { kindOf } from './value-kind.ts';

/** Salesforce's ceiling on OFFSET. */
export const MAX_OFFSET = 2000;

const RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

function resolveObject(ctx: BindContext, from: SoqlQuery['from']): ObjectDefinition {
  const def = findObject(ctx.org, from.name);
  if (!def || !def.queryable || !objectAccess(ctx.access, def).read) {
    throw soqlError('INVALID_TYPE', ctx.soql, from.start, invalidType(from.name).message);
  }
  return def;
}

function scopeFor(def: ObjectDefinition, ...names: Array<string | null>): QueryScope {
  const prefixes = new Set([def.name.toLowerCase()]);
  for (const n of names) if (n) prefixes.add(n.toLowerCase());
  return { def, prefixes };
}

function usesSemiJoin(cond: Condition | null): boolean {
  if (cond === null) return false;
  switch (cond.kind) {
    case 'and':
    case 'or':
      return cond.items.some(usesSemiJoin);
    case 'not':
      return usesSemiJoin(cond.item);
    default:
      return cond.kind === 'semijoin';
  }
}

function semiJoinValues(ctx: BindContext, query: SoqlQuery, start: number): Set<unknown> {
  const def = resolveObject(ctx, query.from);
  const scope = scopeFor(def, query.from.alias);
  const item = query.select[0];
  if (query.select.length !== 1 || item?.kind !== 'field') {
    throw malformedQuery(
      ctx.soql,
      start,
      'The selected field in a semi join subquery must be an id or reference field',
    );
  }
  const resolved = resolveField(ctx, scope, item.field);
  if (kindOf(resolved.field).kind !== 'id') {
    throw soqlError(
      'INVALID_FIELD',
      ctx.soql,
      item.field.start,
      `Invalid semi join field: ${resolved.field.name}. The selected field in a semi join subquery must be an id or reference field.`,
    );
  }
  const predicate = query.where
    ? compileCondition(ctx, query.where, whereBinder(ctx, scope, false))
    : null;
  const rows = scanTable({ org: ctx.org, includeDeleted: false, now: ctx.now }, def, predicate);
  const limited = query.limit ? rows.slice(0, query.limit.value) : rows;
  const values = new Set<unknown>();
  for (const r of limited) {
    const v = resolved.get(r);
    if (v !== null) values.add(v);
  }
  return values;
}

function whereBinder(
  ctx: BindContext,
  scope: QueryScope,
  topLevel: boolean,
): ConditionBinder<SObjectRecord> {
  return {
    operand: (operand) => bindRecordOperand(ctx, scope, operand, 'filter'),
    semiJoin: (query, _left, start) => {
      if (!topLevel) {
        throw malformedQuery(ctx.soql, start, 'Nesting of semi join sub-selects is not supported');
      }
      return semiJoinValues(ctx, query, start);
    },
  };
}

function filterFor(ctx: BindContext, scope: QueryScope, query: SoqlQuery, topLevel: boolean) {
  let predicate: Predicate<SObjectRecord> | null = query.where
    ? compileCondition(ctx, query.where, whereBinder(ctx, scope, topLevel))
    : null;
  if (query.scope?.name === 'MINE' && scope.def.ownable) {
    const userId = ctx.access.userId;
    const where = predicate;
    predicate = where ? (r) => r.OwnerId === userId && where(r) : (r) => r.OwnerId === userId;
  }
  return predicate;
}

function sortFor(ctx: BindContext, scope: QueryScope, query: SoqlQuery) {
  return query.orderBy.map((o): SortSpec<SObjectRecord> => {
    const bound = bindRecordOperand(ctx, scope, o.operand, 'sort');
    return {
      get: bound.get,
      kind: bound.kind,
      descending: o.descending,
      nullsLast: o.nullsLast ?? false,
    };
  });
}

/** The selected columns of a record query: render plan, column names, flat accessors. */
interface Selection {
  plan: RenderPlan;
  columns: string[];
  flat: Getter[];
  childSubqueries: boolean;
}

function planChild(ctx: BindContext, parent: QueryScope, item: { query: SoqlQuery }): ChildPlan {
  const query = item.query;
  const relationship = findChildRelationship(ctx.org, parent.def, query.from.name);
  if (!relationship || !objectAccess(ctx.access, relationship.childSObject).read) {
    throw soqlError(
      'INVALID_TYPE',
      ctx.soql,
      query.from.start,
      `Didn't understand relationship '${query.from.name}' in FROM part of query call. ${RELATIONSHIP_HINT}`,
    );
  }
  const scope = scopeFor(
    relationship.childSObject,
    relationship.relationshipName,
    query.from.alias,
  );
  const aggregated = query.select.find(
    (i) => i.kind === 'function' && AGGREGATE_FUNCTIONS.has(i.call.name),
  );
  if (query.groupBy.length > 0 || query.having || aggregated?.kind === 'function') {
    const at = aggregated?.kind === 'function' ? aggregated.call.start : query.from.start;
    throw malformedQuery(ctx.soql, at, 'Aggregate queries are not supported in subqueries');
  }
  const selection = selectColumns(ctx, scope, query.select);
  return {
    relationship,
    predicate: filterFor(ctx, scope, query, false),
    sort: sortFor(ctx, scope, query),
    limit: query.limit?.value ?? null,
    plan: selection.plan,
  };
}

function selectColumns(ctx: BindContext, scope: QueryScope, select: SelectItem[]): Selection {
  const selection: Selection = {
    plan: { items: [] },
    columns: [],
    flat: [],
    childSubqueries: false,
  };
  const seen = new Set<string>();
  for (const item of select) {
    if (item.kind === 'subquery') {
      const child = planChild(ctx, scope, item);
      const key = child.relationship.relationshipName;
      if (seen.has(key.toLowerCase())) {
        throw malformedQuery(ctx.soql, item.start, `duplicate field selected: ${key}`);
      }
      seen.add(key.toLowerCase());
      selection.plan.items.push({ kind: 'children', key, child });
      selection.columns.push(key);
      selection.flat.push(() => null);
      selection.childSubqueries = true;
      continue;
    }
    let field = item.kind === 'field' ? item.field : item.call.arg;
    if (item.kind === 'function' && (!DISPLAY_FUNCTIONS.has(item.call.name) || !field)) {
      throw malformedQuery(
        ctx.soql,
        item.call.start,
        `Field must be grouped or aggregated: ${item.call.name}`,
      );
    }
    field = field!;
    if (item.kind === 'field' && item.alias !== null) {
      throw malformedQuery(ctx.soql, field.start, 'Only aggregate expressions use field aliasing');
    }
    const resolved = resolveField(ctx, scope, field);
    const key = resolved.path.toLowerCase();
    if (seen.has(key)) {
      throw malformedQuery(
        ctx.soql,
        field.start,
        `duplicate field selected: ${resolved.field.name}`,
      );
    }
    seen.add(key);
    addField(selection.plan, resolved);
    selection.columns.push(resolved.path);
    selection.flat.push(resolved.get);
  }
  return selection;
}

/** A value as Bulk API 2.0 writes it into CSV: nulls empty, booleans `true`/`false`. */
function csvText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function pageBounds(totalSize: number, start: number, end: number): [number, number] {
  const from = Math.max(0, Math.min(totalSize, Math.floor(start)));
  return [from, Math.max(from, Math.min(totalSize, Math.floor(end)))];
}

function planStatement(ctx: BindContext, query: SoqlQuery): PlannedQuery {
  const def = resolveObject(ctx, query.from);
  const scope = scopeFor(def, query.from.alias);
  const countCall = query.select.find(
    (i) => i.kind === 'function' && i.call.name === 'COUNT' && i.call.arg === null,
  );
  const countOnly = countCall !== undefined;
  if (countCall?.kind === 'function' && query.select.length > 1) {
    throw malformedQuery(
      ctx.soql,
      countCall.call.start,
      'COUNT() must be the only element in the SELECT list.',
    );
  }
  const aggregate =
    query.groupBy.length > 0 ||
    query.select.some((i) => i.kind === 'function' && AGGREGATE_FUNCTIONS.has(i.call.name));
  const grouped = aggregate && !(countOnly && query.groupBy.length === 0);

  // Bind the whole statement before touching data, so errors never depend on the rows.
  const aggregatePlan = grouped
    ? planAggregate(ctx, scope, countOnly ? { ...query, select: [] } : query)
    : null;
  if (query.having && !grouped) {
    throw malformedQuery(ctx.soql, query.from.start, 'HAVING requires a GROUP BY clause');
  }
  const selection = aggregatePlan || countOnly ? null : selectColumns(ctx, scope, query.select);
  const predicate = filterFor(ctx, scope, query, true);
  const sort = aggregatePlan || countOnly ? [] : sortFor(ctx, scope, query);
  if (query.offset && query.offset.value > MAX_OFFSET) {
    throw soqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      ctx.soql,
      query.offset.start,
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }
  const clauses: QueryClauses = {
    groupBy: query.groupBy.length > 0,
    offset: query.offset !== null,
    childSubqueries: selection?.childSubqueries ?? false,
    semiJoins: usesSemiJoin(query.where),
  };

  const scan: ScanScope = { org: ctx.org, includeDeleted: ctx.includeDeleted, now: ctx.now };
  const offset = query.offset?.value ?? 0;
  const limit = query.limit?.value ?? Number.POSITIVE_INFINITY;
  const base = { object: def, countOnly, clauses };
  if (countOnly && !aggregatePlan) {
    const matching = countTable(scan, def, predicate);
    return {
      ...base,
      columns: [],
      aggregate: false,
      totalSize: Math.max(0, Math.min(matching - offset, limit)),
      renderRows: () => [],
      renderFlatRows: () => [],
    };
  }
  let rows = scanTable(scan, def, predicate);

  if (aggregatePlan) {
    const groups: AggregateGroup[] = aggregatePlan.compute(rows).slice(offset, offset + limit);
    const columns = countOnly ? [] : aggregatePlan.columns;
    return {
      ...base,
      columns,
      aggregate: true,
      totalSize: groups.length,
      renderRows: (start, end) =>
        countOnly
          ? []
          : groups.slice(...pageBounds(groups.length, start, end)).map((g) => {
              const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
              const values = aggregatePlan.values(g);
              columns.forEach((c, i) => (out[c] = values[i] ?? null));
              return out;
            }),
      renderFlatRows: (start, end) =>
        countOnly
          ? []
          : groups
              .slice(...pageBounds(groups.length, start, end))
              .map((g) => aggregatePlan.values(g).map(csvText)),
    };
  }
  if (!selection) throw new Error('a record query without a selection');
  if (sort.length > 0) rows = sortRows(rows, sort);
  if (offset > 0 || limit < rows.length) rows = rows.slice(offset, offset + limit);
  const visible = stillVisible(scan, def);
  const env = { ...scan, basePath: `/services/data/v${ctx.apiVersion}` };
  const { plan, flat } = selection;
  return {
    ...base,
    columns: selection.columns,
    aggregate: false,
    totalSize: rows.length,
    renderRows: (start, end) =>
      renderRecords(
        env,
        rows.slice(...pageBounds(rows.length, start, end)).filter(visible),
        def,
        plan,
      ),
    renderFlatRows: (start, end) =>
      rows
        .slice(...pageBounds(rows.length, start, end))
        .filter(visible)
        .map((r) => flat.map((get) => csvText(get(r)))),
  };
}

/**
 * Plans a SOQL query for a caller: parses it, binds it to the org's schema and the caller's
 * object access, then snapshots the matching records (in ORDER BY order, else Id order) and
 * returns a {@link PlannedQuery} whose pages render the records' current values.
 * Fails with Salesforce's errors: `MALFORMED_QUERY`, `INVALID_TYPE`, `INVALID_FIELD`,
 * `INVALID_QUERY_FILTER_OPERATOR`, `NUMBER_OUTSIDE_VALID_RANGE`, `QUERY_TOO_COMPLICATED`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql.htm
 */
export const planQuery: PlanQuery = (emulator, caller, soql, options) => {
  const query = parseSoql(soql);
  const ctx: BindContext = {
    org: caller.org,
    access: caller.access,
    soql,
    includeDeleted: options.includeDeleted,
    now: emulator.clock.now(),
    apiVersion: options.apiVersion ?? emulator.latestApiVersion,
  };
  return planStatement(ctx, query);
};
