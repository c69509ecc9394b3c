import { formatDate, formatDateTime, parseDateTime } from '../clock.ts';
import { normalizeId } from '../ids.ts';
import type { BindContext, Getter } from './bind-context.ts';
import { dateLiteralRange } from './date-literals.ts';
import type { CompareOperator, Condition, Literal, Operand, SoqlQuery } from './soql-ast.ts';
import { soqlError } from './soql-error.ts';
import { textOf, type ValueKind } from './value-kind.ts';

/** A compiled WHERE or HAVING clause. */
export type Predicate<T> = (row: T) => boolean;

/** An operand bound to the schema: how to read it from a row and how to compare it. */
export interface BoundOperand<T> {
  get: Getter<T>;
  kind: ValueKind;
  /** Salesforce's type name in filter errors (`string`, `dateTime`, `double`…). */
  typeName: string;
  /** Field name in messages. */
  label: string;
  start: number;
}

/** How a query level binds its operands (records for WHERE, groups for HAVING). */
export interface ConditionBinder<T> {
  operand(operand: Operand): BoundOperand<T>;
  /** The values a semi-join subquery selects; absent where semi-joins are not allowed. */
  semiJoin?(query: SoqlQuery, left: BoundOperand<T>, start: number): Set<unknown>;
}

type Comparable = string | number | boolean;
type BoundLiteral =
  | { kind: 'null' }
  | { kind: 'value'; value: Comparable }
  | { kind: 'range'; start: string; end: string };

function mismatch<T>(ctx: BindContext, operand: BoundOperand<T>, lit: Literal) {
  const quoted = operand.kind === 'string' || operand.kind === 'multi' || operand.kind === 'id';
  return soqlError(
    'INVALID_FIELD',
    ctx.soql,
    lit.start,
    `value of filter criterion for field '${operand.label}' must be of type ${operand.typeName} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
  );
}

function bindLiteral<T>(ctx: BindContext, operand: BoundOperand<T>, lit: Literal): BoundLiteral {
  if (lit.kind === 'null') return { kind: 'null' };
  switch (operand.kind) {
    case 'string':
    case 'multi':
      if (lit.kind !== 'string') throw mismatch(ctx, operand, lit);
      return { kind: 'value', value: lit.value.toUpperCase() };
    case 'id': {
      if (lit.kind !== 'string') throw mismatch(ctx, operand, lit);
      if (lit.value === '') return { kind: 'null' };
      const id = normalizeId(lit.value);
      if (!id) {
        throw soqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          ctx.soql,
          lit.start,
          `invalid ID field: ${lit.value}`,
        );
      }
      return { kind: 'value', value: id };
    }
    case 'boolean':
      if (lit.kind !== 'boolean') throw mismatch(ctx, operand, lit);
      return { kind: 'value', value: lit.value };
    case 'number':
      if (lit.kind !== 'number') throw mismatch(ctx, operand, lit);
      return { kind: 'value', value: lit.value };
    case 'date':
    case 'datetime': {
      const format = operand.kind === 'date' ? formatDate : formatDateTime;
      if (lit.kind === 'dateLiteral') {
        const { start, end } = dateLiteralRange(lit.name, lit.n, ctx.now);
        return { kind: 'range', start: format(start), end: format(end) };
      }
      if (operand.kind === 'date' && lit.kind === 'date') {
        if (!isCalendarDate(lit.text)) throw mismatch(ctx, operand, lit);
        return { kind: 'value', value: lit.text };
      }
      if (operand.kind === 'datetime' && lit.kind === 'datetime') {
        const ms = isCalendarDate(lit.text.slice(0, 10)) ? parseDateTime(lit.text) : undefined;
        if (ms === undefined) throw mismatch(ctx, operand, lit);
        return { kind: 'value', value: formatDateTime(ms) };
      }
      throw mismatch(ctx, operand, lit);
    }
  }
}

/** Whether `YYYY-MM-DD` names a day of the calendar (not `2024-02-30`). */
function isCalendarDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && formatDate(ms) === text;
}

/** Reads a row's value in the form literals were bound to (text upper-cased). */
function comparableGetter<T>(operand: BoundOperand<T>): (row: T) => Comparable | null {
  const get = operand.get;
  if (operand.kind === 'string' || operand.kind === 'multi') {
    return (row) => {
      const v = get(row);
      return v === null ? null : textOf(v).toUpperCase();
    };
  }
  return get as (row: T) => Comparable | null;
}

const splitMulti = (v: string) => new Set(v.split(';').map((s) => s.trim()));

function equality<T>(operand: BoundOperand<T>, lit: BoundLiteral): Predicate<T> {
  const get = comparableGetter(operand);
  if (lit.kind === 'null') return (row) => get(row) === null;
  if (lit.kind === 'range') {
    const { start, end } = lit;
    return (row) => {
      const v = get(row);
      return v !== null && v >= start && v < end;
    };
  }
  const value = lit.value;
  if (operand.kind === 'multi') {
    const wanted = splitMulti(String(value));
    return (row) => {
      const v = get(row);
      if (v === null) return false;
      const have = splitMulti(textOf(v));
      return have.size === wanted.size && [...wanted].every((w) => have.has(w));
    };
  }
  return (row) => get(row) === value;
}

function ordering<T>(
  operand: BoundOperand<T>,
  op: CompareOperator,
  lit: BoundLiteral,
): Predicate<T> {
  const get = comparableGetter(operand);
  if (lit.kind === 'null') return () => false;
  let bound: Comparable;
  if (lit.kind === 'range') bound = op === '<' || op === '>=' ? lit.start : lit.end;
  else bound = lit.value;
  const b = bound;
  // A range literal covers [start, end): "<= TODAY" means before tomorrow, "> TODAY" from tomorrow.
  const ranged = lit.kind === 'range';
  switch (op) {
    case '<':
      return (row) => {
        const v = get(row);
        return v !== null && v < b;
      };
    case '<=':
      return ranged
        ? (row) => {
            const v = get(row);
            return v !== null && v < b;
          }
        : (row) => {
            const v = get(row);
            return v !== null && v <= b;
          };
    case '>':
      return ranged
        ? (row) => {
            const v = get(row);
            return v !== null && v >= b;
          }
        : (row) => {
            const v = get(row);
            return v !== null && v > b;
          };
    default:
      return (row) => {
        const v = get(row);
        return v !== null && v >= b;
      };
  }
}

/** A LIKE pattern as a test on upper-cased text, avoiding a regular expression when it can. */
function likeMatcher(value: string, wildcards: number[]): (text: string) => boolean {
  const upper = value.toUpperCase();
  const isWild = new Set(wildcards);
  const percents = wildcards.filter((i) => value[i] === '%');
  const underscores = wildcards.length - percents.length;
  if (underscores === 0) {
    if (percents.length === 0) return (t) => t === upper;
    const last = value.length - 1;
    if (percents.length === 1 && percents[0] === last) {
      const prefix = upper.slice(0, -1);
      return (t) => t.startsWith(prefix);
    }
    if (percents.length === 1 && percents[0] === 0) {
      const suffix = upper.slice(1);
      return (t) => t.endsWith(suffix);
    }
    if (percents.length === 2 && percents[0] === 0 && percents[1] === last && last > 0) {
      const inner = upper.slice(1, -1);
      return (t) => t.includes(inner);
    }
  }
  let source = '';
  for (let i = 0; i < upper.length; i++) {
    const c = upper[i]!;
    if (isWild.has(i)) source += c === '%' ? '[\\s\\S]*' : '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'u');
  return (t) => re.test(t);
}

function like<T>(
  ctx: BindContext,
  operand: BoundOperand<T>,
  lit: Literal,
  start: number,
): Predicate<T> {
  if (operand.kind !== 'string' && operand.kind !== 'multi') {
    throw soqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      ctx.soql,
      start,
      `invalid operator on ${operand.typeName} field: ${operand.label}`,
    );
  }
  if (lit.kind === 'null') {
    const get = operand.get;
    return (row) => get(row) === null;
  }
  if (lit.kind !== 'string') throw mismatch(ctx, operand, lit);
  const test = likeMatcher(lit.value, lit.wildcards);
  const get = comparableGetter(operand);
  return (row) => {
    const v = get(row);
    return v !== null && test(textOf(v));
  };
}

function setMembership<T>(
  ctx: BindContext,
  operand: BoundOperand<T>,
  op: 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES',
  values: Literal[],
  start: number,
): Predicate<T> {
  const get = comparableGetter(operand);
  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    if (operand.kind !== 'multi') {
      throw soqlError(
        'INVALID_QUERY_FILTER_OPERATOR',
        ctx.soql,
        start,
        'includes or excludes operator only valid on multipicklist field',
      );
    }
    const wanted = values.map((lit) => {
      const bound = bindLiteral(ctx, operand, lit);
      return bound.kind === 'value' ? [...splitMulti(String(bound.value))] : [];
    });
    const includes = (row: T) => {
      const v = get(row);
      if (v === null) return false;
      const have = splitMulti(textOf(v));
      return wanted.some((set) => set.length > 0 && set.every((w) => have.has(w)));
    };
    return op === 'INCLUDES' ? includes : (row) => !includes(row);
  }
  let hasNull = false;
  const plain = new Set<Comparable>();
  const ranges: Array<{ start: string; end: string }> = [];
  for (const lit of values) {
    const bound = bindLiteral(ctx, operand, lit);
    if (bound.kind === 'null') hasNull = true;
    else if (bound.kind === 'range') ranges.push(bound);
    else plain.add(bound.value);
  }
  const member = (row: T) => {
    const v = get(row);
    if (v === null) return hasNull;
    if (plain.has(v)) return true;
    for (const r of ranges) if (v >= r.start && v < r.end) return true;
    return false;
  };
  return op === 'IN' ? member : (row) => !member(row);
}

/**
 * Compiles a WHERE (or HAVING) clause once into a closure run per row. SOQL semantics: text
 * compares case-insensitively; `!=` and `NOT IN` match nulls; a relative date literal stands for
 * its whole range; literals must have the field's type (`INVALID_FIELD` otherwise).
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 */
export function compileCondition<T>(
  ctx: BindContext,
  cond: Condition,
  binder: ConditionBinder<T>,
): Predicate<T> {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.items.map((c) => compileCondition(ctx, c, binder));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate<T>, Predicate<T>];
        return (row) => a(row) && b(row);
      }
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = cond.items.map((c) => compileCondition(ctx, c, binder));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compileCondition(ctx, cond.item, binder);
      return (row) => !inner(row);
    }
    case 'compare': {
      const operand = binder.operand(cond.left);
      if (cond.op === 'LIKE') return like(ctx, operand, cond.right, cond.start);
      const lit = bindLiteral(ctx, operand, cond.right);
      if (cond.op === '=') return equality(operand, lit);
      if (cond.op === '!=') {
        const eq = equality(operand, lit);
        return (row) => !eq(row);
      }
      return ordering(operand, cond.op, lit);
    }
    case 'set':
      return setMembership(ctx, binder.operand(cond.left), cond.op, cond.values, cond.start);
    case 'semijoin': {
      const operand = binder.operand(cond.left);
      if (!binder.semiJoin) {
        throw soqlError('MALFORMED_QUERY', ctx.soql, cond.start, 'unexpected token: SELECT');
      }
      if (operand.kind !== 'id') {
        throw soqlError(
          'INVALID_FIELD',
          ctx.soql,
          operand.start,
          `Invalid semi join field: ${operand.label}. The left operand of a semi join must be an id or reference field.`,
        );
      }
      const ids = binder.semiJoin(cond.query, operand, cond.start);
      const get = operand.get;
      return cond.op === 'IN'
        ? (row) => ids.has(get(row))
        : (row) => {
            const v = get(row);
            return !ids.has(v);
          };
    }
  }
}
