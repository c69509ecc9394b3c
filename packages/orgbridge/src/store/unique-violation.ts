/**
 * Whether a database error is a unique-constraint violation, on either dialect: PostgreSQL's
 * SQLSTATE 23505, or SQLite's SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY (extended codes 2067, 1555).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown };
  if (e.code === '23505') return true;
  if (e.errcode === 2067 || e.errcode === 1555) return true;
  return typeof e.message === 'string' && /UNIQUE constraint failed/.test(e.message);
}
