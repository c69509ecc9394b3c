import type { ValueKind } from './value-kind.ts';

/** A SOQL date function: what it returns and how it maps a stored date or datetime string. */
export interface DateFunction {
  kind: ValueKind;
  typeName: string;
  apply: (value: string) => number | string;
}

const DAY_MS = 86_400_000;

const year = (v: string) => Number(v.slice(0, 4));
const month = (v: string) => Number(v.slice(5, 7));
const day = (v: string) => Number(v.slice(8, 10));
const dayInYear = (v: string) =>
  Math.round((Date.UTC(year(v), month(v) - 1, day(v)) - Date.UTC(year(v), 0, 1)) / DAY_MS) + 1;

const integer = (apply: (v: string) => number): DateFunction => ({
  kind: 'number',
  typeName: 'integer',
  apply,
});

const FUNCTIONS: Record<string, DateFunction | undefined> = {
  CALENDAR_YEAR: integer(year),
  CALENDAR_MONTH: integer(month),
  CALENDAR_QUARTER: integer((v) => Math.ceil(month(v) / 3)),
  DAY_IN_MONTH: integer(day),
  DAY_IN_WEEK: integer((v) => new Date(Date.UTC(year(v), month(v) - 1, day(v))).getUTCDay() + 1),
  DAY_IN_YEAR: integer(dayInYear),
  HOUR_IN_DAY: integer((v) => (v.length > 10 ? Number(v.slice(11, 13)) : 0)),
  WEEK_IN_MONTH: integer((v) => Math.floor((day(v) - 1) / 7) + 1),
  WEEK_IN_YEAR: integer((v) => Math.floor((dayInYear(v) - 1) / 7) + 1),
  FISCAL_YEAR: integer(year),
  FISCAL_MONTH: integer(month),
  FISCAL_QUARTER: integer((v) => Math.ceil(month(v) / 3)),
  DAY_ONLY: { kind: 'date', typeName: 'date', apply: (v) => v.slice(0, 10) },
};

/**
 * The date function of an upper-cased name, in UTC (the emulator's time zone for SOQL).
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm
 */
export function dateFunction(name: string): DateFunction | undefined {
  return FUNCTIONS[name];
}

/** Functions that only change how a field is shown (`toLabel`, `FORMAT`, `convertCurrency`). */
export const DISPLAY_FUNCTIONS = new Set(['TOLABEL', 'FORMAT', 'CONVERTCURRENCY']);

/** Aggregate functions. */
export const AGGREGATE_FUNCTIONS = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
