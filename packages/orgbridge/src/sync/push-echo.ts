import type { PushEchoRow } from '../store/outbox-repository.ts';

/** Fields Salesforce sets itself on every write; they differ after any write, ours included. */
const SYSTEM_FIELDS = new Set([
  'Id',
  'IsDeleted',
  'SystemModstamp',
  'LastModifiedDate',
  'LastModifiedById',
  'CreatedDate',
  'CreatedById',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
]);

/** Echoes older than this are forgotten: a pull runs every 30 s by default. */
export const ECHO_TTL_MS = 24 * 3_600_000;

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Whether a pulled change of a record is only the echo of what orgbridge wrote to it: every
 * field that differs from the stored copy (system fields aside) holds exactly the value
 * orgbridge wrote. A record orgbridge created and the pull has not seen yet is an echo when it
 * holds every value orgbridge wrote. Anything else changed in Salesforce too, and is reported.
 */
export function isEcho(
  pulled: Record<string, unknown>,
  stored: Record<string, unknown> | null,
  echo: PushEchoRow,
  now: number,
): boolean {
  if (now - echo.written_at > ECHO_TTL_MS) return false;
  const written = JSON.parse(echo.fields) as Record<string, unknown>;
  if (stored === null)
    return Object.entries(written).every(([k, v]) => !(k in pulled) || same(pulled[k], v));
  for (const [name, value] of Object.entries(pulled)) {
    if (SYSTEM_FIELDS.has(name) || same(value, stored[name])) continue;
    if (name in written && same(written[name], value)) continue;
    return false;
  }
  return true;
}
