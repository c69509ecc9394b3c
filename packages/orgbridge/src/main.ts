import type { OrgbridgeConfig } from './config.ts';
import { startBackground } from './background.ts';
import { buildApp, type ApiInstance, type AppServices } from './http/app.ts';
import { createServices, type Services } from './services.ts';

/**
 * What a process does (`orgbridge serve --role`): `api` serves the HTTP API and the OAuth
 * callback and runs no background work; `worker` runs the background work (probes, pulls,
 * pushes, webhooks, email) and serves only `/healthz` and `/metrics`; `all` does both. Any
 * number of each share one PostgreSQL database: every piece of background work is claimed in
 * the database, so no two processes run it at once (docs/operations.md).
 */
export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** A running orgbridge process: services plus the HTTP server. `close()` stops both. */
export interface RunningOrgbridge {
  /** Where the HTTP server listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  services: Services;
  app: ApiInstance;
  close(): Promise<void>;
}

/** What the HTTP layer gets from the services. */
export function appServicesFrom(
  services: Services,
  logError?: (error: unknown) => void,
): AppServices {
  return {
    adminApiKey: services.config.adminApiKey,
    workspaces: services.workspaces,
    connections: services.connections,
    tokens: services.tokens,
    metrics: services.metrics,
    metricsToken: services.config.metricsToken,
    ...(logError ? { logError } : {}),
  };
}

/**
 * The composition root: configuration in, a serving process out. Opens and migrates the store,
 * verifies the master key against stored secrets (a wrong key stops here), builds the services
 * and the HTTP API, and listens.
 */
export async function startOrgbridge(
  config: Readonly<OrgbridgeConfig>,
  options: { logError?: (error: unknown) => void; role?: Role } = {},
): Promise<RunningOrgbridge> {
  const role = options.role ?? 'all';
  const services = await createServices(config);
  let app: ApiInstance;
  try {
    app = await buildApp({
      ...appServicesFrom(services, options.logError),
      serveApi: role !== 'worker',
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await services.close();
    throw error;
  }
  const background = role === 'api' ? null : startBackground(services, options.logError);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${shownHost}:${port}`,
    services,
    app,
    async close() {
      await background?.stop();
      await app.close();
      await services.close();
    },
  };
}
