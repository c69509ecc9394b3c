import type { FastifyInstance } from 'fastify';
import { Emulator } from './emulator.ts';
import { buildServer } from './http/server.ts';

export {
  Emulator,
  LATEST_API_VERSION,
  LOGIN_HOSTNAME,
  SANDBOX_LOGIN_HOSTNAME,
} from './emulator.ts';
export type {
  CreateAppOptions,
  CreateOrgOptions,
  CreateUserOptions,
  CreatedUser,
} from './emulator.ts';
export type { ConnectedApp } from './model/connected-app.ts';
export type { Org, OrgSettings } from './model/org.ts';
export { CONTROL_PREFIX } from './http/faults.ts';
export type { EmulatorControlOptions } from './emulator.ts';
export * from './control/control-api.ts';

export interface StartEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Use this emulator's state instead of a new one. */
  emulator?: Emulator;
}

/** A listening emulator. `close()` stops the server. */
export interface RunningEmulator {
  emulator: Emulator;
  server: FastifyInstance;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** Production login host base URL. */
  loginUrl: string;
  /** Sandbox login host base URL. */
  sandboxLoginUrl: string;
  close(): Promise<void>;
}

/** Starts an emulated Salesforce on loopback. In tests, use port 0 and the returned URLs. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = options.emulator ?? new Emulator();
  const server = await buildServer(emulator);
  const host = options.host ?? '127.0.0.1';
  await server.listen({ port: options.port ?? 0, host });
  const address = server.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('emulator did not bind a TCP port');
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  emulator.baseUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  return {
    emulator,
    server,
    baseUrl: emulator.baseUrl,
    loginUrl: emulator.loginUrl,
    sandboxLoginUrl: emulator.sandboxLoginUrl,
    close: () => server.close(),
  };
}
