/**
 * SOQL's relative date literals (`TODAY`, `LAST_N_DAYS:30`, …) as half-open ranges of epoch ms.
 * Days, weeks and months are taken in UTC and weeks start on Sunday; fiscal periods follow the
 * calendar (the default fiscal year starts in January).
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */

type Unit = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

const DAY_MS = 86_400_000;

/** Literals without a number: unit and offset of the period from the current one. */
const FIXED: Record<string, { unit: Unit; from: number; to: number } | undefined> = {
  YESTERDAY: { unit: 'DAY', from: -1, to: 0 },
  TODAY: { unit: 'DAY', from: 0, to: 1 },
  TOMORROW: { unit: 'DAY', from: 1, to: 2 },
  LAST_WEEK: { unit: 'WEEK', from: -1, to: 0 },
  THIS_WEEK: { unit: 'WEEK', from: 0, to: 1 },
  NEXT_WEEK: { unit: 'WEEK', from: 1, to: 2 },
  LAST_MONTH: { unit: 'MONTH', from: -1, to: 0 },
  THIS_MONTH: { unit: 'MONTH', from: 0, to: 1 },
  NEXT_MONTH: { unit: 'MONTH', from: 1, to: 2 },
  LAST_90_DAYS: { unit: 'DAY', from: -90, to: 1 },
  NEXT_90_DAYS: { unit: 'DAY', from: 1, to: 91 },
  LAST_QUARTER: { unit: 'QUARTER', from: -1, to: 0 },
  THIS_QUARTER: { unit: 'QUARTER', from: 0, to: 1 },
  NEXT_QUARTER: { unit: 'QUARTER', from: 1, to: 2 },
  LAST_YEAR: { unit: 'YEAR', from: -1, to: 0 },
  THIS_YEAR: { unit: 'YEAR', from: 0, to: 1 },
  NEXT_YEAR: { unit: 'YEAR', from: 1, to: 2 },
  LAST_FISCAL_QUARTER: { unit: 'QUARTER', from: -1, to: 0 },
  THIS_FISCAL_QUARTER: { unit: 'QUARTER', from: 0, to: 1 },
  NEXT_FISCAL_QUARTER: { unit: 'QUARTER', from: 1, to: 2 },
  LAST_FISCAL_YEAR: { unit: 'YEAR', from: -1, to: 0 },
  THIS_FISCAL_YEAR: { unit: 'YEAR', from: 0, to: 1 },
  NEXT_FISCAL_YEAR: { unit: 'YEAR', from: 1, to: 2 },
};

const N_UNITS: Record<string, Unit> = {
  DAYS: 'DAY',
  WEEKS: 'WEEK',
  MONTHS: 'MONTH',
  QUARTERS: 'QUARTER',
  YEARS: 'YEAR',
  FISCAL_QUARTERS: 'QUARTER',
  FISCAL_YEARS: 'YEAR',
};

const N_LITERAL = /^(LAST_N|NEXT_N|N)_([A-Z_]+?)(_AGO)?$/;

function parseNLiteral(name: string): { kind: 'LAST' | 'NEXT' | 'AGO'; unit: Unit } | undefined {
  const m = N_LITERAL.exec(name);
  if (!m) return undefined;
  const unit = N_UNITS[m[2]!];
  if (!unit) return undefined;
  if (m[1] === 'N') return m[3] ? { kind: 'AGO', unit } : undefined;
  if (m[3]) return undefined;
  return { kind: m[1] === 'LAST_N' ? 'LAST' : 'NEXT', unit };
}

/** Whether an upper-cased identifier is a date literal without a number (`TODAY`). */
export function isFixedDateLiteral(name: string): boolean {
  return FIXED[name] !== undefined;
}

/** Whether an upper-cased identifier is a date literal taking `:n` (`LAST_N_DAYS`). */
export function isNDateLiteral(name: string): boolean {
  return parseNLiteral(name) !== undefined;
}

/** Start of the period `k` units after the one containing `now`. */
function periodStart(unit: Unit, now: number, k: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const d = new Date(today);
  switch (unit) {
    case 'DAY':
      return today + k * DAY_MS;
    case 'WEEK':
      return today - d.getUTCDay() * DAY_MS + k * 7 * DAY_MS;
    case 'MONTH':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
    case 'QUARTER':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3 * k, 1);
    case 'YEAR':
      return Date.UTC(d.getUTCFullYear() + k, 0, 1);
  }
}

/**
 * The range `[start, end)` in epoch ms a date literal stands for at `now`.
 * `LAST_N_DAYS:n` includes today; the other `LAST_N_*` end where the current period starts.
 */
export function dateLiteralRange(
  name: string,
  n: number | null,
  now: number,
): { start: number; end: number } {
  const fixed = FIXED[name];
  if (fixed) {
    return {
      start: periodStart(fixed.unit, now, fixed.from),
      end: periodStart(fixed.unit, now, fixed.to),
    };
  }
  const spec = parseNLiteral(name);
  if (!spec || n === null) throw new RangeError(`not a date literal: ${name}`);
  const { unit } = spec;
  if (spec.kind === 'AGO') {
    return { start: periodStart(unit, now, -n), end: periodStart(unit, now, -n + 1) };
  }
  if (spec.kind === 'NEXT') {
    return { start: periodStart(unit, now, 1), end: periodStart(unit, now, n + 1) };
  }
  return unit === 'DAY'
    ? { start: periodStart(unit, now, -n), end: periodStart(unit, now, 1) }
    : { start: periodStart(unit, now, -n), end: periodStart(unit, now, 0) };
}
