import type { SObjectRecord } from '../data/sobject-table.ts';
import type { BindContext, QueryScope } from './bind-context.ts';
import type { BoundOperand } from './compile-condition.ts';
import { AGGREGATE_FUNCTIONS, DISPLAY_FUNCTIONS, dateFunction } from './date-functions.ts';
import { resolveField, type ResolvedField } from './field-path.ts';
import type { Operand } from './soql-ast.ts';
import { malformedQuery, soqlError } from './soql-error.ts';
import { kindOf, textOf } from './value-kind.ts';

/** Where an operand is used; each needs its own field capability. */
export type OperandUse = 'filter' | 'sort' | 'group';

const CAPABILITY: Record<
  OperandUse,
  { flag: 'filterable' | 'sortable' | 'groupable'; verb: string }
> = {
  filter: { flag: 'filterable', verb: 'filtered' },
  sort: { flag: 'sortable', verb: 'sorted' },
  group: { flag: 'groupable', verb: 'grouped' },
};

/** A record operand with its resolved path; `key` identifies it for GROUP BY matching. */
export interface RecordOperand extends BoundOperand<SObjectRecord> {
  resolved: ResolvedField;
  /** Lower-cased `path` or `fn(path)`. */
  key: string;
  /** The name an aggregate result uses for a grouped field: the last field name. */
  fieldName: string;
  /** Set for date functions (`CALENDAR_YEAR`). */
  functionName: string | null;
}

/**
 * Binds a field or function operand of WHERE, ORDER BY or GROUP BY to the query's object:
 * resolves the path, checks the field may be used that way (`field 'X' can not be filtered in a
 * query call`), and wraps date functions. Aggregate functions are not record operands.
 */
export function bindRecordOperand(
  ctx: BindContext,
  scope: QueryScope,
  operand: Operand,
  use: OperandUse,
): RecordOperand {
  if (operand.kind === 'field') {
    const resolved = resolveField(ctx, scope, operand.field);
    const capability = CAPABILITY[use];
    if (!resolved.field[capability.flag]) {
      throw soqlError(
        'INVALID_FIELD',
        ctx.soql,
        operand.field.start,
        `field '${resolved.field.name}' can not be ${capability.verb} in a query call`,
      );
    }
    const { kind, typeName } = kindOf(resolved.field);
    return {
      get: resolved.get,
      kind,
      typeName,
      label: resolved.field.name,
      start: operand.field.start,
      resolved,
      key: resolved.path.toLowerCase(),
      fieldName: resolved.field.name,
      functionName: null,
    };
  }
  const { call } = operand;
  if (AGGREGATE_FUNCTIONS.has(call.name)) {
    throw malformedQuery(ctx.soql, call.start, `Invalid use of aggregate function: ${call.name}`);
  }
  if (!call.arg) throw malformedQuery(ctx.soql, call.start, `unexpected token: ${call.name}`);
  // Datetime fields cannot be grouped, but the dates, years… derived from them can.
  const innerUse = use === 'group' && !DISPLAY_FUNCTIONS.has(call.name) ? 'filter' : use;
  const inner = bindRecordOperand(ctx, scope, { kind: 'field', field: call.arg }, innerUse);
  if (DISPLAY_FUNCTIONS.has(call.name)) return inner;
  const fn = dateFunction(call.name);
  if (!fn) throw malformedQuery(ctx.soql, call.start, `Unknown function: ${call.name}`);
  if (inner.kind !== 'date' && inner.kind !== 'datetime') {
    throw soqlError(
      'INVALID_FIELD',
      ctx.soql,
      call.arg.start,
      `${call.name} can only be applied to date or dateTime fields: ${inner.label}`,
    );
  }
  const get = inner.get;
  const apply = fn.apply;
  return {
    ...inner,
    get: (r) => {
      const v = get(r);
      return v === null ? null : apply(textOf(v));
    },
    kind: fn.kind,
    typeName: fn.typeName,
    label: `${call.name}(${inner.label})`,
    key: `${call.name.toLowerCase()}(${inner.key})`,
    functionName: call.name,
  };
}
