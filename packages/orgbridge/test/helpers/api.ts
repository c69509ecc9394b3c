import { OrgbridgeMetrics } from '../../src/metrics/metrics.ts';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '@orgbridge/salesforce-emulator';
import type { LightMyRequestResponse } from 'fastify';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { TokenService } from '../../src/connections/token-service.ts';
import { buildApp, type ApiInstance } from '../../src/http/app.ts';
import { ApiKeyRepository } from '../../src/store/api-key-repository.ts';
import type { Dialect, Store } from '../../src/store/open-store.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { WorkspaceService } from '../../src/workspaces/workspace-service.ts';
import { authorizeAs, openConnectionsContext } from './connections.ts';

export const ADMIN_KEY = 'admin-key-for-api-tests-0123456789';

/** One request orgbridge sent to Salesforce, as the injected fetch saw it. */
export interface OutboundRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

function bodyText(body: RequestInit['body']): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body).toString();
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString();
  return '[stream]';
}

/** A fetch that records every request to Salesforce before sending it. */
export function recordingFetch(): { fetch: typeof fetch; requests: OutboundRequest[] } {
  const requests: OutboundRequest[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const request = input instanceof Request ? input : null;
    requests.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      method: init?.method ?? request?.method ?? 'GET',
      headers: new Headers(init?.headers ?? request?.headers),
      body: bodyText(init?.body),
    });
    return fetch(input, init);
  };
  return { fetch: wrapped, requests };
}

export interface Workspace {
  id: string;
  apiKey: string;
}

export interface ApiSetup {
  app: ApiInstance;
  ctx: ConnectionsContext;
  store: Store;
  tokens: TokenService;
  /** The metrics `/metrics` serves; refreshes through `tokens` are counted in it. */
  metrics: OrgbridgeMetrics;
  /** Two workspaces with their keys: isolation is tested between them. */
  a: Workspace;
  b: Workspace;
  /** Everything the app passed to `logError`. */
  errors: unknown[];
  /** Every request orgbridge sent to Salesforce. */
  outbound: OutboundRequest[];
  /** Refresh-token grants sent to Salesforce so far. */
  refreshes(): number;
  /** Moves orgbridge's clock (and, with `emulatorToo`, the emulator's) forward. */
  advance(ms: number, options?: { emulatorToo?: boolean }): void;
  call(
    key: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The HTTP API on a fresh store of the dialect, with connection services pointed at the emulator,
 * two workspaces, a controllable clock and a recording fetch. `close()` also asserts that no
 * request ended in an unexpected (5xx) error unless `allowErrors`.
 */
export async function openApi(
  dialect: Dialect,
  running: RunningEmulator,
  defaultApp: { consumerKey: string; consumerSecret: string },
  options: { allowErrors?: boolean; metricsToken?: string | null } = {},
): Promise<ApiSetup> {
  const opened = await openConnectionsContext(dialect, running, defaultApp);
  const recording = recordingFetch();
  let offset = 0;
  const ctx: ConnectionsContext = {
    ...opened.ctx,
    fetch: recording.fetch,
    now: () => Date.now() + offset,
  };
  const metrics = new OrgbridgeMetrics(opened.store.db, ctx.now);
  const tokens = new TokenService(ctx, {
    holderId: 'api-test',
    onRefresh: (outcome) => metrics.recordRefresh(outcome),
  });
  const workspaces = new WorkspaceService({
    workspaces: new WorkspaceRepository(opened.store.db),
    apiKeys: new ApiKeyRepository(opened.store.db),
  });
  const errors: unknown[] = [];
  const app = await buildApp({
    adminApiKey: ADMIN_KEY,
    workspaces,
    connections: ctx,
    tokens,
    metrics,
    metricsToken: options.metricsToken ?? null,
    logError: (error) => errors.push(error),
  });
  const created = [await workspaces.create('A'), await workspaces.create('B')];
  const [a, b] = created.map((c) => ({ id: c.workspace.id, apiKey: c.apiKey }));
  return {
    app,
    ctx,
    store: opened.store,
    tokens,
    metrics,
    a: a!,
    b: b!,
    errors,
    outbound: recording.requests,
    refreshes: () =>
      recording.requests.filter(
        (r) =>
          r.url.endsWith('/services/oauth2/token') && r.body.includes('grant_type=refresh_token'),
      ).length,
    advance(ms, { emulatorToo = false } = {}) {
      offset += ms;
      if (emulatorToo) running.emulator.clock.advance(ms);
    },
    call: (key, method, url, payload, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as string }),
      }),
    async close() {
      await app.close();
      await opened.store.close();
      if (!options.allowErrors) assert.deepEqual(errors, [], 'no request ended in a 5xx');
    },
  };
}

/** The `{ error: { code } }` of an error response. */
export function errorCode(response: LightMyRequestResponse): string {
  return response.json<{ error: { code: string } }>().error.code;
}

/** A connection as the API shows it (the fields the tests read). */
export interface ConnectionBody {
  id: string;
  nickname: string;
  status: string;
  statusReason: string | null;
  ownApp: boolean;
  identity: { orgId: string; username: string | null; instanceUrl: string | null } | null;
}

/**
 * Creates a connection through the API, walks Salesforce's pages as `user`, and brings the
 * browser back to `GET /oauth/callback`. Returns the connection id, the callback's parameters
 * and the callback page.
 */
export async function connectThroughApi(
  setup: ApiSetup,
  user: { username: string; password: string },
  body: Record<string, unknown> = {},
  workspace: Workspace = setup.a,
): Promise<{ id: string; params: URLSearchParams; page: LightMyRequestResponse }> {
  const created = await setup.call(workspace.apiKey, 'POST', '/api/v1/connections', {
    nickname: 'Main',
    environment: 'production',
    ...body,
  });
  assert.equal(created.statusCode, 201, created.body);
  const { connection, authorizeUrl } = created.json<{
    connection: ConnectionBody;
    authorizeUrl: string;
  }>();
  const params = await authorizeAs(authorizeUrl, user);
  const page = await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
  assert.equal(page.statusCode, 200, page.body);
  return { id: connection.id, params, page };
}

/** Starts a re-authorization through the API and returns the callback parameters for `user`. */
export async function reauthorizeThroughApi(
  setup: ApiSetup,
  id: string,
  user: { username: string; password: string },
  workspace: Workspace = setup.a,
): Promise<URLSearchParams> {
  const started = await setup.call(
    workspace.apiKey,
    'POST',
    `/api/v1/connections/${id}/reauthorize`,
  );
  assert.equal(started.statusCode, 200, started.body);
  return authorizeAs(started.json<{ authorizeUrl: string }>().authorizeUrl, user);
}
