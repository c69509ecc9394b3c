/**
 * The emulator's notion of now: real time plus an offset that the control API moves forward,
 * so tests can expire sessions, codes, passwords and replication windows without waiting.
 */
export class Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  set offsetMs(value: number) {
    this.#offsetMs = value;
  }
}

/** Salesforce's datetime format in REST responses: `2024-05-01T12:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Salesforce stores datetimes to the second; ties on SystemModstamp are real and clients must cope. */
export function truncateToSecond(ms: number): number {
  return ms - (((ms % 1000) + 1000) % 1000);
}

/** `YYYY-MM-DD`, the date format of date fields. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Parses the datetime forms Salesforce accepts in JSON and SOQL
 * (`2024-05-01T12:00:00Z`, `…000+0000`, `…+02:00`), returning epoch ms or undefined.
 */
export function parseDateTime(value: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value,
  );
  if (!m) return undefined;
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
