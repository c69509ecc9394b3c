import { tableFor } from '../../src/data/record-operations.ts';
import type { Emulator } from '../../src/emulator.ts';
import type { Org } from '../../src/model/org.ts';
import { field, type FieldDefinition } from '../../src/schema/field-definition.ts';
import { createTestSession } from '../helpers/sessions.ts';

/** An OAuth access token with the `api` scope for a user (the OAuth flows are tested elsewhere). */
export const createSession = (emulator: Emulator, org: Org, userId: string): string =>
  createTestSession(emulator, org, userId);

/** A tiny REST client for one user on one org's instance URL. */
export interface RestClient {
  base: string;
  token: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

/** `path` is relative to `/services/data/v<version>` unless it starts with `/services`. */
export function restClient(
  emulator: Emulator,
  org: Org,
  userId: string,
  version = '60.0',
): RestClient {
  const token = createSession(emulator, org, userId);
  const base = `${emulator.instanceUrl(org)}/services/data/v${version}`;
  const request = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(path.startsWith('/services') ? `${emulator.instanceUrl(org)}${path}` : `${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { base, token, request, get: (path, headers) => request('GET', path, undefined, headers) };
}

/** Adds a custom External ID field to an object of one org, as the control API will. */
export function addLookupField(
  emulator: Emulator,
  org: Org,
  objectName: string,
  name: string,
  options: Partial<Omit<FieldDefinition, 'name' | 'type'>> = {},
): void {
  const def = org.schema.get(objectName)!;
  def.fields.push(field(name, 'string', { externalId: true, unique: true, ...options }));
  tableFor(org, def).rebuildIndexes();
  org.schemaModifiedAt = emulator.clock.now();
}
