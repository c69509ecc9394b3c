import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { formatDateTime } from '../clock.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { encodeValue, isPlainData } from './snapshot-codec.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type EmulatorElement,
  type SnapshotElement,
} from './snapshot-format.ts';

/** What a save wrote. */
export interface SnapshotInfo {
  file: string;
  savedAt: string;
  orgs: number;
  /** Records written, recycle bins included. */
  records: number;
  bytes: number;
}

/** Emulator properties saved explicitly, or deliberately not saved (URLs, control settings). */
export const HANDLED_EMULATOR_KEYS = new Set([
  'clock',
  'ids',
  'orgs',
  'orgsByHostname',
  'apps',
  'grants',
  'refreshTokens',
  'sessions',
  'codes',
  'loginSessions',
  'faults',
  'signingKey',
  'baseUrl',
  'latestApiVersion',
  'control',
]);

const FLUSH_AT = 1 << 20;

/** Writes elements one per line, buffering and honouring back-pressure. */
class ElementWriter {
  readonly #stream: WriteStream;
  #buffer = '[\n';
  #first = true;

  constructor(stream: WriteStream) {
    this.#stream = stream;
  }

  async write(element: SnapshotElement): Promise<void> {
    this.#buffer += `${this.#first ? '' : ','}${JSON.stringify(element)}\n`;
    this.#first = false;
    if (this.#buffer.length >= FLUSH_AT) await this.#flush();
  }

  async end(): Promise<void> {
    this.#buffer += ']\n';
    await this.#flush();
    this.#stream.end();
    await finished(this.#stream);
  }

  async #flush(): Promise<void> {
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }
}

function emulatorElement(emulator: Emulator, savedAt: string): EmulatorElement {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(emulator)) {
    if (HANDLED_EMULATOR_KEYS.has(key) || typeof value !== 'object' || value === null) continue;
    if (isPlainData(value)) extra[key] = encodeValue(value);
  }
  return {
    type: 'emulator',
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    savedAt,
    clockOffsetMs: emulator.clock.offsetMs,
    idCounter: emulator.ids.counter,
    signingKey: encodeValue(emulator.signingKey),
    apps: [...emulator.apps.values()].map(encodeValue),
    grants: [...emulator.grants.values()].map(encodeValue),
    refreshTokens: [...emulator.refreshTokens],
    sessions: [...emulator.sessions.values()].map(encodeValue),
    codes: [...emulator.codes.values()].map(encodeValue),
    loginSessions: [...emulator.loginSessions.values()].map(encodeValue),
    faults: emulator.faults.map(encodeValue),
    extra,
  };
}

function orgFields(org: Org): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(org)) {
    if (key === 'schema' || key === 'tables') continue;
    if (isPlainData(value)) fields[key] = encodeValue(value);
  }
  return fields;
}

/**
 * Saves the whole emulated state (orgs with schema, records, recycle bins and secrets; apps,
 * grants, refresh tokens, sessions, codes, login sessions, faults, the clock offset and the id
 * counter) to a JSON file, written to a temporary file first and renamed into place, so a crash
 * never leaves half a snapshot. Bulk jobs are not saved.
 */
export async function saveSnapshot(emulator: Emulator, file: string): Promise<SnapshotInfo> {
  const savedAt = formatDateTime(emulator.clock.now());
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(temporary, { encoding: 'utf8' });
  const writer = new ElementWriter(stream);
  let records = 0;
  try {
    await writer.write(emulatorElement(emulator, savedAt));
    for (const org of emulator.orgs.values()) {
      await writer.write({ type: 'org', org: orgFields(org), schema: [...org.schema.values()] });
      for (const [object, table] of org.tables) {
        await writer.write({ type: 'table', orgId: org.id, object });
        for (const row of table.rows.values()) await writer.write(['row', row]);
        for (const entry of table.recycleBin.values())
          await writer.write(['deleted', entry.deletedAt, entry.record]);
        records += table.rows.size + table.recycleBin.size;
      }
    }
    await writer.end();
    await rename(temporary, file);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  const { size } = await stat(file);
  return { file, savedAt, orgs: emulator.orgs.size, records, bytes: size };
}
