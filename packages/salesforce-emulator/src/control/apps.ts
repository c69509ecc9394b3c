import type { CreateAppOptions, Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import { invalidRequest } from './control-error.ts';
import { parseCreateAppOptions } from './app-options.ts';
import { requireControlApp } from './lookup.ts';

/**
 * Registers a connected app with any of its options and returns it, consumer key and secret
 * included (generated in Salesforce's shapes unless given). A consumer key must be unique.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_create_api_integration.htm
 */
export function createConnectedApp(emulator: Emulator, options: CreateAppOptions): ConnectedApp {
  const parsed = parseCreateAppOptions(options as unknown as Record<string, unknown>);
  if (parsed.consumerKey !== undefined && emulator.findAppByConsumerKey(parsed.consumerKey))
    throw invalidRequest(`consumer key ${parsed.consumerKey} is taken`);
  try {
    return structuredClone(emulator.createApp(parsed));
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : 'invalid app');
  }
}

/** Every connected app, with its settings and secrets (this API is for tests and demos). */
export function listConnectedApps(emulator: Emulator): ConnectedApp[] {
  return [...emulator.apps.values()].map((app) => structuredClone(app));
}

/** One app by id or consumer key. */
export function describeConnectedApp(emulator: Emulator, app: string): ConnectedApp {
  return structuredClone(requireControlApp(emulator, app));
}
