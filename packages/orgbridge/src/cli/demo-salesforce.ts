import { join } from 'node:path';
import {
  DEMO_APP,
  DEMO_USERS,
  serveEmulator,
  updateAppPolicy,
  type ServedEmulator,
} from '@orgbridge/salesforce-emulator';
import type { OrgbridgeConfig } from '../config.ts';

/** A running built-in emulated Salesforce and the configuration that points orgbridge at it. */
export interface DemoSalesforce {
  served: ServedEmulator;
  config: Readonly<OrgbridgeConfig>;
  /** The demo admin who logs in on the emulated login page. */
  admin: { username: string; password: string };
  stop(): Promise<void>;
}

/**
 * The only product code that knows the emulator exists: with no Salesforce app configured,
 * `orgbridge serve` starts the emulator with the demo org (state kept in `<data dir>/emulator.json`
 * across restarts) and points the configuration at it, so a newcomer can connect, watch and break
 * a connection without a real org. Everything else talks to it as to any Salesforce.
 */
export async function startDemoSalesforce(
  config: Readonly<OrgbridgeConfig>,
  dataDir: string,
  options: { port?: number; print?: (text: string) => void } = {},
): Promise<DemoSalesforce> {
  const served = await serveEmulator(
    {
      port: options.port ?? 8400,
      host: '127.0.0.1',
      seed: 'demo',
      snapshotFile: join(dataDir, 'emulator.json'),
      controlToken: null,
    },
    options.print ?? (() => undefined),
  );
  const callback = `${config.publicUrl}/oauth/callback`;
  if (!(DEMO_APP.callbackUrls as readonly string[]).includes(callback)) {
    // orgbridge runs on another port or host than the demo app expects: register its callback too.
    updateAppPolicy(served.running.emulator, DEMO_APP.consumerKey, {
      callbackUrls: [...DEMO_APP.callbackUrls, callback],
    });
  }
  const demoConfig: Readonly<OrgbridgeConfig> = Object.freeze({
    ...config,
    salesforce: Object.freeze({
      clientId: DEMO_APP.consumerKey,
      clientSecret: DEMO_APP.consumerSecret,
      loginUrl: served.running.loginUrl,
      sandboxLoginUrl: served.running.sandboxLoginUrl,
    }),
    allowInsecureLoopback: true,
  });
  return {
    served,
    config: demoConfig,
    admin: { username: DEMO_USERS.admin.username, password: DEMO_USERS.admin.password },
    stop: () => served.stop(),
  };
}
