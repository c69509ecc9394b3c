import type { SObjectRecord } from '../data/sobject-table.ts';
import type { BindContext, Getter, QueryScope } from './bind-context.ts';
import { bindRecordOperand, type RecordOperand } from './bind-operand.ts';
import { compileCondition, type BoundOperand, type ConditionBinder } from './compile-condition.ts';
import { AGGREGATE_FUNCTIONS } from './date-functions.ts';
import type { FunctionCall, Operand, SoqlQuery } from './soql-ast.ts';
import { malformedQuery, soqlError } from './soql-error.ts';
import { sortRows } from './sort-rows.ts';
import { compareKeys, sortKey, type ValueKind } from './value-kind.ts';

/** One group of an aggregate query: its GROUP BY values and its aggregate results. */
export interface AggregateGroup {
  keys: unknown[];
  values: unknown[];
}

interface Accumulator {
  add(row: SObjectRecord): void;
  result(): unknown;
}

interface AggregateSpec {
  signature: string;
  create(): Accumulator;
  kind: ValueKind;
  typeName: string;
}

/** An aggregate query bound to the schema: output columns and how to compute its groups. */
export interface AggregatePlan {
  /** Output keys in SELECT order (`Industry`, `expr0`, aliases). */
  columns: string[];
  /** Groups of the matching rows, after HAVING and ORDER BY. */
  compute(rows: SObjectRecord[]): AggregateGroup[];
  /** Output values of a group, in `columns` order. */
  values(group: AggregateGroup): unknown[];
}

function accumulatorFactory(fn: string, get: Getter | null, kind: ValueKind): () => Accumulator {
  switch (fn) {
    case 'COUNT':
      return () => {
        let n = 0;
        return {
          add: get === null ? () => void (n += 1) : (r) => void (get(r) !== null && (n += 1)),
          result: () => n,
        };
      };
    case 'COUNT_DISTINCT':
      return () => {
        const seen = new Set<unknown>();
        return {
          add: (r) => {
            const v = sortKey(kind, get!(r));
            if (v !== null) seen.add(v);
          },
          result: () => seen.size,
        };
      };
    case 'SUM':
    case 'AVG':
      return () => {
        let sum = 0;
        let n = 0;
        return {
          add: (r) => {
            const v = get!(r);
            if (typeof v === 'number') {
              sum += v;
              n += 1;
            }
          },
          result: () => (n === 0 ? null : fn === 'SUM' ? sum : sum / n),
        };
      };
    default:
      return () => {
        let best: unknown = null;
        let bestKey: string | number | null = null;
        const sign = fn === 'MIN' ? -1 : 1;
        return {
          add: (r) => {
            const v = get!(r);
            const k = sortKey(kind, v);
            if (k === null) return;
            if (bestKey === null || compareKeys(k, bestKey) * sign > 0) {
              best = v;
              bestKey = k;
            }
          },
          result: () => best,
        };
      };
  }
}

/**
 * Plans `SELECT … COUNT(Id) … GROUP BY …`: every selected field must be grouped; aggregates
 * are named by alias or `expr0`, `expr1`… in SELECT order; HAVING and ORDER BY may use both.
 * Without GROUP BY there is exactly one group, even over no rows.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm
 */
export function planAggregate(
  ctx: BindContext,
  scope: QueryScope,
  query: SoqlQuery,
): AggregatePlan {
  const groupOps: RecordOperand[] = query.groupBy.map((op) =>
    bindRecordOperand(ctx, scope, op, 'group'),
  );
  const specs: AggregateSpec[] = [];

  const aggregateIndex = (call: FunctionCall): number => {
    let signature = 'COUNT()';
    let spec: Omit<AggregateSpec, 'signature'> = {
      create: accumulatorFactory('COUNT', null, 'number'),
      kind: 'number',
      typeName: 'integer',
    };
    if (call.arg) {
      const arg = bindRecordOperand(ctx, scope, { kind: 'field', field: call.arg }, 'filter');
      const summing = call.name === 'SUM' || call.name === 'AVG';
      const extreme = call.name === 'MIN' || call.name === 'MAX';
      if (summing && arg.kind !== 'number') {
        throw soqlError(
          'INVALID_FIELD',
          ctx.soql,
          call.arg.start,
          `field ${arg.label} does not support aggregate operator ${call.name}`,
        );
      }
      signature = `${call.name}(${arg.key})`;
      spec = {
        create: accumulatorFactory(call.name, arg.get, arg.kind),
        kind: extreme ? arg.kind : 'number',
        typeName: extreme ? arg.typeName : summing ? 'double' : 'integer',
      };
    } else if (call.name !== 'COUNT') {
      throw malformedQuery(ctx.soql, call.start, 'unexpected token: )');
    }
    const existing = specs.findIndex((s) => s.signature === signature);
    if (existing !== -1) return existing;
    specs.push({ signature, ...spec });
    return specs.length - 1;
  };

  const groupIndex = (operand: RecordOperand, start: number): number => {
    const i = groupOps.findIndex((g) => g.key === operand.key);
    if (i === -1) {
      throw malformedQuery(
        ctx.soql,
        start,
        `Field must be grouped or aggregated: ${operand.label}`,
      );
    }
    return i;
  };

  const binder: ConditionBinder<AggregateGroup> = {
    operand(operand: Operand): BoundOperand<AggregateGroup> {
      if (operand.kind === 'function' && AGGREGATE_FUNCTIONS.has(operand.call.name)) {
        const i = aggregateIndex(operand.call);
        const spec = specs[i]!;
        return {
          get: (g) => g.values[i] ?? null,
          kind: spec.kind,
          typeName: spec.typeName,
          label: operand.call.name,
          start: operand.call.start,
        };
      }
      const bound = bindRecordOperand(ctx, scope, operand, 'group');
      const start = operand.kind === 'field' ? operand.field.start : operand.call.start;
      const i = groupIndex(bound, start);
      return { ...bound, get: (g) => g.keys[i] ?? null };
    },
  };

  const columns: string[] = [];
  const readers: Array<(g: AggregateGroup) => unknown> = [];
  let expr = 0;
  for (const item of query.select) {
    if (item.kind === 'subquery') {
      throw malformedQuery(ctx.soql, item.start, 'unexpected token: (');
    }
    if (item.kind === 'function' && AGGREGATE_FUNCTIONS.has(item.call.name)) {
      const i = aggregateIndex(item.call);
      columns.push(item.alias ?? `expr${expr++}`);
      readers.push((g) => g.values[i] ?? null);
      continue;
    }
    const operand: Operand =
      item.kind === 'field'
        ? { kind: 'field', field: item.field }
        : { kind: 'function', call: item.call };
    const bound = bindRecordOperand(ctx, scope, operand, 'group');
    const i = groupIndex(bound, item.kind === 'field' ? item.field.start : item.call.start);
    columns.push(item.alias ?? (bound.functionName ? `expr${expr++}` : bound.fieldName));
    readers.push((g) => g.keys[i] ?? null);
  }

  const having = query.having ? compileCondition(ctx, query.having, binder) : null;
  const order = query.orderBy.map((o) => {
    const bound = binder.operand(o.operand);
    return {
      get: bound.get,
      kind: bound.kind,
      descending: o.descending,
      nullsLast: o.nullsLast ?? false,
    };
  });

  return {
    columns,
    compute(rows) {
      const groups = new Map<string, { keys: unknown[]; accs: Accumulator[] }>();
      for (const r of rows) {
        const keys = groupOps.map((g) => g.get(r));
        const id = JSON.stringify(keys.map((v, i) => sortKey(groupOps[i]!.kind, v)));
        let group = groups.get(id);
        if (!group) {
          group = { keys, accs: specs.map((s) => s.create()) };
          groups.set(id, group);
        }
        for (const acc of group.accs) acc.add(r);
      }
      if (groupOps.length === 0 && groups.size === 0) {
        groups.set('', { keys: [], accs: specs.map((s) => s.create()) });
      }
      let out: AggregateGroup[] = [...groups.values()].map((g) => ({
        keys: g.keys,
        values: g.accs.map((a) => a.result()),
      }));
      if (having) out = out.filter(having);
      if (order.length > 0) out = sortRows(out, order);
      return out;
    },
    values: (g) => readers.map((read) => read(g)),
  };
}
