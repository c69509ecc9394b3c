import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { SObjectRecord } from '../data/sobject-table.ts';
import { SObjectTable } from '../data/sobject-table.ts';
import { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { Fault } from '../model/fault.ts';
import type { AccessSession, AuthorizationCode, Grant, LoginSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';
import { decodeValue } from './snapshot-codec.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type EmulatorElement,
  type OrgElement,
  type SnapshotElement,
  type TableElement,
} from './snapshot-format.ts';

/** Rebuilds emulator state element by element. */
class SnapshotRestorer {
  readonly #emulator: Emulator;
  #started = false;
  #table: SObjectTable | null = null;
  readonly #tables: SObjectTable[] = [];

  constructor(emulator: Emulator) {
    this.#emulator = emulator;
  }

  apply(element: SnapshotElement): void {
    if (Array.isArray(element)) {
      if (!this.#started) throw new Error('records before the emulator header');
      if (element[0] === 'row') {
        const record = element[1] as SObjectRecord;
        this.#table?.rows.set(record.Id, record);
      } else if (element[0] === 'deleted') {
        const record = element[2] as SObjectRecord;
        this.#table?.recycleBin.set(record.Id, { record, deletedAt: element[1] });
      }
      return;
    }
    switch (element.type) {
      case 'emulator':
        return this.#restoreEmulator(element);
      case 'org':
        return this.#restoreOrg(element);
      case 'table':
        return this.#startTable(element);
    }
  }

  finish(): void {
    if (!this.#started) throw new Error('no emulator header');
    for (const table of this.#tables) table.rebuildIndexes();
  }

  #restoreEmulator(element: EmulatorElement): void {
    if (element.format !== SNAPSHOT_FORMAT || element.version !== SNAPSHOT_VERSION)
      throw new Error(`not a version ${SNAPSHOT_VERSION} emulator snapshot`);
    const e = this.#emulator;
    for (const map of [
      e.orgs,
      e.orgsByHostname,
      e.apps,
      e.grants,
      e.refreshTokens,
      e.sessions,
      e.codes,
      e.loginSessions,
    ])
      map.clear();
    e.faults.length = 0;
    e.clock.offsetMs = element.clockOffsetMs;
    e.ids.counter = element.idCounter;
    e.signingKey = decodeValue(element.signingKey) as Emulator['signingKey'];
    for (const app of element.apps.map(decodeValue) as ConnectedApp[]) e.apps.set(app.id, app);
    for (const grant of element.grants.map(decodeValue) as Grant[]) e.grants.set(grant.id, grant);
    for (const [token, grantId] of element.refreshTokens) e.refreshTokens.set(token, grantId);
    for (const s of element.sessions.map(decodeValue) as AccessSession[])
      e.sessions.set(s.token, s);
    for (const c of element.codes.map(decodeValue) as AuthorizationCode[]) e.codes.set(c.code, c);
    for (const l of element.loginSessions.map(decodeValue) as LoginSession[])
      e.loginSessions.set(l.id, l);
    e.faults.push(...(element.faults.map(decodeValue) as Fault[]));
    const target = e as unknown as Record<string, unknown>;
    for (const [key, encoded] of Object.entries(element.extra)) {
      const current = target[key];
      const value = decodeValue(encoded);
      if (current instanceof Map && value instanceof Map) {
        current.clear();
        for (const [k, v] of value) current.set(k, v);
      } else if (Array.isArray(current) && Array.isArray(value)) {
        current.splice(0, current.length, ...(value as unknown[]));
      } else if (current instanceof Set && value instanceof Set) {
        current.clear();
        for (const v of value) current.add(v);
      } else if (current !== null && typeof current === 'object' && value !== null) {
        Object.assign(current, value);
      }
    }
    this.#started = true;
  }

  #restoreOrg(element: OrgElement): void {
    if (!this.#started) throw new Error('an org before the emulator header');
    const fields = decodeValue(element.org) as Omit<Org, 'schema' | 'tables'>;
    const org: Org = {
      ...fields,
      schema: new Map(element.schema.map((def) => [def.name, def])),
      tables: new Map(),
    };
    this.#emulator.orgs.set(org.id, org);
    this.#emulator.orgsByHostname.set(org.hostname, org);
  }

  #startTable(element: TableElement): void {
    const org = this.#emulator.orgs.get(element.orgId);
    const def = org?.schema.get(element.object);
    if (!org || !def) {
      this.#table = null;
      return;
    }
    this.#table = new SObjectTable(def);
    org.tables.set(def.name, this.#table);
    this.#tables.push(this.#table);
  }
}

/**
 * Loads a snapshot written by `saveSnapshot` into an emulator (a new one by default), replacing
 * its state. Reads the file line by line, so snapshots of millions of records load; a snapshot
 * reformatted by hand is still read as plain JSON. Fails on anything that is not a snapshot.
 */
export async function loadSnapshot(
  file: string,
  into: Emulator = new Emulator(),
): Promise<Emulator> {
  const restorer = new SnapshotRestorer(into);
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let lineWise = true;
  for await (const line of lines) {
    lineNumber += 1;
    if (lineNumber === 1) {
      if (line.trim() !== '[') {
        lineWise = false;
        break;
      }
      continue;
    }
    const text = (line.startsWith(',') ? line.slice(1) : line).trim();
    if (text === '' || text === ']') continue;
    let element: SnapshotElement;
    try {
      element = JSON.parse(text) as SnapshotElement;
    } catch (error) {
      // A reformatted file spreads its first element over several lines: read it whole instead.
      if (lineNumber === 2) {
        lineWise = false;
        break;
      }
      throw new Error(
        `${file} line ${lineNumber}: ${error instanceof Error ? error.message : 'bad JSON'}`,
      );
    }
    restorer.apply(element);
  }
  stream.destroy();
  if (!lineWise) {
    const all: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(all)) throw new Error(`${file} is not an emulator snapshot`);
    for (const element of all as SnapshotElement[]) restorer.apply(element);
  }
  restorer.finish();
  return into;
}
