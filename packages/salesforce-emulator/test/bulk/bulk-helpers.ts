import { tableFor } from '../../src/data/record-operations.ts';
import type { Emulator } from '../../src/emulator.ts';
import type { RunningEmulator } from '../../src/index.ts';
import type { Org } from '../../src/model/org.ts';
import { field } from '../../src/schema/field-definition.ts';
import { seedBasicOrg } from '../helpers/emulator.ts';
import { createTestSession } from '../helpers/sessions.ts';

/** An API-scoped OAuth access token for a user, put straight into the emulator's sessions. */
export const apiToken = (emulator: Emulator, org: Org, userId: string): string =>
  createTestSession(emulator, org, userId);

/** Calls the emulated REST API of one org as one user. */
export interface BulkClient {
  token: string;
  /** `http://127.0.0.1:PORT/acme.my.salesforce.com/services/data/v60.0` */
  base: string;
  request(
    method: string,
    path: string,
    body?: { json?: unknown; csv?: string; raw?: string; contentType?: string },
  ): Promise<Response>;
  /** Sends a JSON request and returns the parsed JSON response, failing on a non-2xx status. */
  json<T = Record<string, unknown>>(method: string, path: string, json?: unknown): Promise<T>;
}

export function bulkClient(instanceUrl: string, token: string, version = '60.0'): BulkClient {
  const base = `${instanceUrl}/services/data/v${version}`;
  const client: BulkClient = {
    token,
    base,
    async request(method, path, body = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      let payload: string | undefined;
      if (body.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      } else if (body.csv !== undefined) {
        headers['content-type'] = 'text/csv';
        payload = body.csv;
      } else if (body.raw !== undefined) {
        payload = body.raw;
      }
      if (body.contentType) headers['content-type'] = body.contentType;
      return fetch(`${base}${path}`, { method, headers, body: payload });
    },
    async json<T>(method: string, path: string, json?: unknown): Promise<T> {
      const res = await client.request(method, path, json === undefined ? {} : { json });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
  return client;
}

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

/** Polls a job until it reaches a terminal state and returns its info. */
export async function waitForJob(
  client: BulkClient,
  kind: 'ingest' | 'query',
  id: string,
): Promise<Record<string, unknown>> {
  for (let i = 0; i < 2000; i++) {
    const info = await client.json('GET', `/jobs/${kind}/${id}`);
    if (TERMINAL.has(info.state as string)) return info;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${id} did not finish`);
}

/** An org as `seedBasicOrg` makes it, with `Account.Ext_Id__c` (external id) and tokens. */
export function bulkOrg(running: RunningEmulator) {
  const seeded = seedBasicOrg(running);
  const { emulator } = running;
  const { org } = seeded;
  const account = org.schema.get('Account')!;
  account.fields.push(field('Ext_Id__c', 'string', { externalId: true, unique: true, length: 40 }));
  tableFor(org, account).rebuildIndexes();
  const adminToken = apiToken(emulator, org, seeded.admin.id);
  return {
    ...seeded,
    adminToken,
    adminClient: bulkClient(seeded.instanceUrl, adminToken),
    standardClient: bulkClient(seeded.instanceUrl, apiToken(emulator, org, seeded.standard.id)),
    integrationClient: bulkClient(
      seeded.instanceUrl,
      apiToken(emulator, org, seeded.integration.id),
    ),
  };
}

/** Parses Bulk API CSV (all values quoted) into rows of strings, header first. */
export function parseCsv(text: string, delimiter = ',', eol = '\n'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (text[at] !== '"') throw new Error(`unquoted value at ${at}: ${text.slice(at, at + 20)}`);
    let value = '';
    at += 1;
    for (;;) {
      const next = text.indexOf('"', at);
      if (next < 0) throw new Error('unterminated quote');
      value += text.slice(at, next);
      if (text[next + 1] === '"') {
        value += '"';
        at = next + 2;
      } else {
        at = next + 1;
        break;
      }
    }
    row.push(value);
    if (text.startsWith(delimiter, at)) at += delimiter.length;
    else if (text.startsWith(eol, at)) {
      rows.push(row);
      row = [];
      at += eol.length;
    } else throw new Error(`unexpected ${JSON.stringify(text.slice(at, at + 5))} at ${at}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
