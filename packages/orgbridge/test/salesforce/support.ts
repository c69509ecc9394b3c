import assert from 'node:assert/strict';
import { after } from 'node:test';
import { inspect } from 'node:util';
import {
  createConnectedApp,
  createOrg,
  createUser,
  startEmulator,
  type ConnectedApp,
  type CreatedUser,
  type OrgSummary,
  type RunningEmulator,
} from '@orgbridge/salesforce-emulator';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import { AppError } from '../../src/errors.ts';
import {
  createAuthorization,
  exchangeCode,
  parseAuthorizationCallback,
  type TokenSet,
} from '../../src/salesforce/index.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9999/oauth/callback';
export const SCOPES = ['api', 'refresh_token', 'offline_access', 'id'];

/**
 * Every secret a test handled (tokens, codes, verifiers, client secrets). The leak checks scan
 * thrown errors for all of them, not only for the ones of the call that failed.
 */
export const seenSecrets = new Set<string>();

export function remember<T extends string | null>(secret: T): T {
  if (secret) seenSecrets.add(secret);
  return secret;
}

/** Starts an emulator on 127.0.0.1:0 for one test file; closed when the file ends. */
export async function useEmulator(): Promise<RunningEmulator> {
  const running = await startEmulator();
  after(() => running.close());
  return running;
}

export interface SeededOrg {
  org: OrgSummary;
  admin: CreatedUser;
  app: ConnectedApp;
  /** The login base URL for this org's kind (production or sandbox login host). */
  loginUrl: string;
  /** The org's My Domain (instance) URL. */
  myDomainUrl: string;
}

let counter = 0;

/** An org with a System Administrator and a connected app whose callback is {@link REDIRECT_URI}. */
export function seedOrg(running: RunningEmulator, options: { sandbox?: boolean } = {}): SeededOrg {
  const { emulator } = running;
  counter += 1;
  const org = createOrg(emulator, {
    name: `Acme ${counter}`,
    sandbox: options.sandbox ?? false,
  });
  const admin = createUser(emulator, org.id, {
    username: `admin${counter}.${process.pid}@acme.example`,
    profile: 'System Administrator',
    firstName: 'Ada',
    lastName: 'Admin',
  });
  const app = createConnectedApp(emulator, {
    name: `orgbridge test ${counter}`,
    callbackUrls: [REDIRECT_URI],
  });
  remember(app.consumerSecret);
  remember(admin.password);
  return {
    org,
    admin,
    app,
    loginUrl: options.sandbox ? running.sandboxLoginUrl : running.loginUrl,
    myDomainUrl: emulator.instanceUrl(emulator.requireOrg(org.id)),
  };
}

/**
 * The whole web-server flow as a person does it: authorization URL, the emulator's login and
 * Allow pages in a scripted browser, the callback parsed, the code exchanged.
 */
export async function authorize(
  seeded: SeededOrg,
  baseUrl = seeded.loginUrl,
  options: { now?: () => number } = {},
): Promise<TokenSet> {
  const authorization = await createAuthorization({
    baseUrl,
    clientId: seeded.app.consumerKey,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    loginHint: seeded.admin.username,
    allowInsecureLoopback: true,
  });
  remember(authorization.codeVerifier);
  const callback = await new ScriptedBrowser().authorize(
    authorization.url,
    seeded.admin.username,
    seeded.admin.password,
  );
  const { code, state } = parseAuthorizationCallback(callback);
  remember(code);
  assert.equal(state, authorization.state);
  const tokens = await exchangeCode({
    baseUrl,
    clientId: seeded.app.consumerKey,
    clientSecret: seeded.app.consumerSecret,
    redirectUri: REDIRECT_URI,
    code,
    codeVerifier: authorization.codeVerifier,
    allowInsecureLoopback: true,
    now: options.now,
  });
  remember(tokens.accessToken);
  remember(tokens.refreshToken);
  return tokens;
}

/** Everything an error exposes: message, details, stack and the whole cause chain, hidden fields included. */
export function dumpError(error: unknown): string {
  const parts = [inspect(error, { depth: null, showHidden: true })];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 10; depth++) {
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? '', JSON.stringify(e));
      if (e instanceof AppError) parts.push(JSON.stringify(e.details));
      e = e.cause;
    } else {
      parts.push(inspect(e, { depth: null }));
      break;
    }
  }
  return parts.join('\n');
}

/** Fails when the error (message, details, causes) contains any secret seen so far. */
export function assertNoSecrets(error: unknown): void {
  const text = dumpError(error);
  const forms = [...seenSecrets].flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
  ]);
  for (const secret of forms) {
    const at = text.indexOf(secret);
    assert.ok(
      at < 0,
      `an error leaks a secret (${secret.slice(0, 4)}…) in: …${text.slice(Math.max(0, at - 200), at).replaceAll(secret, '[SECRET]')}[SECRET]`,
    );
  }
}

/** Awaits a promise that must reject with an AppError, checks it leaks nothing, returns it. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${inspect(error)}`);
    assertNoSecrets(error);
    return error;
  }
  assert.fail('expected a failure');
}
