import { dirname, join, resolve } from 'node:path';
import { AppError, ErrorCode } from './errors.ts';
import { parseDatabaseUrl } from './store/open-store.ts';

/**
 * orgbridge's start-up configuration: read from the environment once, validated, frozen and
 * passed down. This is the only module that reads `process.env` (DESIGN §4).
 */
export interface OrgbridgeConfig {
  /** `sqlite:PATH` (default `sqlite:./data/orgbridge.db`) or `postgres://…`. */
  databaseUrl: string;
  /** Base64 of 32 bytes, or null to use {@link masterKeyFile}. */
  masterKey: string | null;
  /** Retired master keys still accepted for opening during a rotation (`ORGBRIDGE_PREVIOUS_MASTER_KEYS`, comma-separated). */
  previousMasterKeys: string[];
  /** The key file beside the SQLite database, used when no master key is given; null otherwise. */
  masterKeyFile: string | null;
  /** Public base URL; the OAuth callback is `${publicUrl}/oauth/callback`. */
  publicUrl: string;
  /** The admin API key that manages workspaces; null disables admin access over HTTP. */
  adminApiKey: string | null;
  salesforce: {
    /** The default connected app; null when none is configured (then `npm start` runs the demo). */
    clientId: string | null;
    clientSecret: string | null;
    loginUrl: string;
    sandboxLoginUrl: string;
  };
  /** Permits plain HTTP to loopback Salesforce hosts (tests and demos only). */
  allowInsecureLoopback: boolean;
  port: number;
  /**
   * How long a refresh lease lasts (`ORGBRIDGE_REFRESH_LEASE_MS`, default 120 s): after a crash in
   * the middle of a refresh, other processes wait at most this long before refreshing themselves.
   * A refresh sends nothing after three quarters of it.
   */
  refreshLeaseMs: number;
  /** Interface the HTTP server binds (`HOST`, default 127.0.0.1; use 0.0.0.0 behind a proxy). */
  host: string;
  /**
   * How often each active connection is probed (`ORGBRIDGE_PROBE_INTERVAL_MS`, default 15
   * minutes; 0 turns background probes off). Probes are spread over the interval.
   */
  probeIntervalMs: number;
  /**
   * Background work stops for a connection whose org has used this share of its daily API
   * requests (`ORGBRIDGE_API_BUDGET_PERCENT`, default 90), and resumes when usage falls below.
   */
  apiBudgetPercent: number;
  /**
   * How often each pull mapping runs (`ORGBRIDGE_SYNC_INTERVAL_MS`, default 30 s, at least 5 s;
   * 0 turns background sync off).
   */
  syncIntervalMs: number;
  /**
   * How long a pull run's lease lasts without progress (`ORGBRIDGE_SYNC_LEASE_MS`, default 60 s):
   * after a crash, the mapping waits at most this long before another run takes it over. Renewed
   * with every committed page and while a Bulk job is polled.
   */
  syncLeaseMs: number;
  /**
   * How often queued webhook deliveries and emails are looked for (`ORGBRIDGE_WEBHOOK_INTERVAL_MS`,
   * default 1 s; 0 turns delivery off in this process, e.g. for API-only processes).
   */
  webhookIntervalMs: number;
  /**
   * The SMTP server emails are sent through (`ORGBRIDGE_SMTP_URL`, `smtp://user:pass@host:587` or
   * `smtps://…`); null: no email. Holds a password: never log it.
   */
  smtpUrl: string | null;
  /** The From address of emails (`ORGBRIDGE_EMAIL_FROM`); required with `smtpUrl`. */
  emailFrom: string | null;
  /**
   * A bearer token `/metrics` requires (`ORGBRIDGE_METRICS_TOKEN`); null: open, like `/healthz`
   * (it shows counts and ids, never secrets or record data).
   */
  metricsToken: string | null;
}

type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

/** Whether a URL's host is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function readInteger(
  env: Env,
  name: string,
  fallback: number,
  problems: string[],
  range: { min: number; max: number },
): number {
  const raw = (env[name] ?? '').trim();
  const value = raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    problems.push(`${name} must be an integer from ${range.min} to ${range.max}`);
    return fallback;
  }
  return value;
}

function readBoolean(env: Env, name: string, problems: string[]): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (TRUE.has(raw)) return true;
  if (!FALSE.has(raw)) problems.push(`${name} must be true or false`);
  return false;
}

function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = (env[name] ?? '').trim() || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      problems.push(`${name} must be an http(s) URL`);
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} is not a valid URL`);
    return fallback;
  }
}

function readSalesforceUrl(
  env: Env,
  name: string,
  fallback: string,
  insecure: boolean,
  problems: string[],
): string {
  const value = readUrl(env, name, fallback, problems);
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url && url.protocol === 'http:' && !(insecure && isLoopbackHost(url.hostname))) {
    problems.push(
      `${name} must use https (plain http is allowed only to loopback with ORGBRIDGE_ALLOW_INSECURE_LOOPBACK=true)`,
    );
  }
  return value;
}

/**
 * `ORGBRIDGE_SMTP_URL` and `ORGBRIDGE_EMAIL_FROM`. The URL carries a password, so problems name
 * the variable, never its value.
 */
function readEmail(
  env: Env,
  problems: string[],
): { smtpUrl: string | null; emailFrom: string | null } {
  const smtpUrl = (env.ORGBRIDGE_SMTP_URL ?? '').trim() || null;
  const emailFrom = (env.ORGBRIDGE_EMAIL_FROM ?? '').trim() || null;
  if (smtpUrl !== null) {
    const url = URL.canParse(smtpUrl) ? new URL(smtpUrl) : null;
    if (
      url === null ||
      (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') ||
      url.hostname === ''
    )
      problems.push(
        'ORGBRIDGE_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://… (percent-encode special characters of the password)',
      );
    if (emailFrom === null)
      problems.push(
        'ORGBRIDGE_EMAIL_FROM is required with ORGBRIDGE_SMTP_URL (e.g. orgbridge@example.com)',
      );
  }
  if (emailFrom !== null && (/[\r\n]/.test(emailFrom) || !emailFrom.includes('@')))
    problems.push(
      'ORGBRIDGE_EMAIL_FROM must be an email address, e.g. "orgbridge <orgbridge@example.com>"',
    );
  return { smtpUrl, emailFrom };
}

/**
 * Reads and validates the configuration. Every problem is reported at once in one
 * `CONFIG_INVALID` error; values of secret variables are never repeated in messages.
 */
export function loadConfig(env: Env = process.env): Readonly<OrgbridgeConfig> {
  const problems: string[] = [];
  const rawPort = (env.PORT ?? '').trim();
  const port = rawPort === '' ? 3000 : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push('PORT must be an integer from 0 to 65535');
  const host = (env.HOST ?? '').trim() || '127.0.0.1';
  const rawLease = (env.ORGBRIDGE_REFRESH_LEASE_MS ?? '').trim();
  const refreshLeaseMs = rawLease === '' ? 120_000 : Number(rawLease);
  if (!Number.isInteger(refreshLeaseMs) || refreshLeaseMs < 1000 || refreshLeaseMs > 600_000) {
    problems.push('ORGBRIDGE_REFRESH_LEASE_MS must be an integer from 1000 to 600000');
  }

  const probeIntervalMs = readInteger(env, 'ORGBRIDGE_PROBE_INTERVAL_MS', 900_000, problems, {
    min: 0,
    max: 86_400_000,
  });
  if (probeIntervalMs > 0 && probeIntervalMs < 1000)
    problems.push('ORGBRIDGE_PROBE_INTERVAL_MS must be 0 (off) or at least 1000');
  const syncIntervalMs = readInteger(env, 'ORGBRIDGE_SYNC_INTERVAL_MS', 30_000, problems, {
    min: 0,
    max: 86_400_000,
  });
  if (syncIntervalMs > 0 && syncIntervalMs < 5000)
    problems.push('ORGBRIDGE_SYNC_INTERVAL_MS must be 0 (off) or at least 5000');
  const syncLeaseMs = readInteger(env, 'ORGBRIDGE_SYNC_LEASE_MS', 60_000, problems, {
    min: 1000,
    max: 3_600_000,
  });
  const webhookIntervalMs = readInteger(env, 'ORGBRIDGE_WEBHOOK_INTERVAL_MS', 1000, problems, {
    min: 0,
    max: 3_600_000,
  });
  if (webhookIntervalMs > 0 && webhookIntervalMs < 100)
    problems.push('ORGBRIDGE_WEBHOOK_INTERVAL_MS must be 0 (off) or at least 100');
  const { smtpUrl, emailFrom } = readEmail(env, problems);
  const apiBudgetPercent = readInteger(env, 'ORGBRIDGE_API_BUDGET_PERCENT', 90, problems, {
    min: 1,
    max: 100,
  });

  const databaseUrl = (env.ORGBRIDGE_DATABASE_URL ?? '').trim() || 'sqlite:./data/orgbridge.db';
  let sqlitePath: string | null = null;
  try {
    const target = parseDatabaseUrl(databaseUrl);
    if (target.dialect === 'sqlite') sqlitePath = target.path;
  } catch (error) {
    problems.push(`ORGBRIDGE_DATABASE_URL: ${error instanceof Error ? error.message : 'invalid'}`);
  }

  const masterKey = (env.ORGBRIDGE_MASTER_KEY ?? '').trim() || null;
  const previousMasterKeys = (env.ORGBRIDGE_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  let masterKeyFile: string | null = null;
  if (masterKey === null) {
    if (sqlitePath === ':memory:')
      problems.push('ORGBRIDGE_MASTER_KEY is required with an in-memory database');
    else if (sqlitePath !== null) masterKeyFile = join(dirname(resolve(sqlitePath)), 'master.key');
    else if (problems.length === 0)
      problems.push('ORGBRIDGE_MASTER_KEY is required with PostgreSQL (base64 of 32 random bytes)');
  }

  const allowInsecureLoopback = readBoolean(env, 'ORGBRIDGE_ALLOW_INSECURE_LOOPBACK', problems);
  const publicUrl = readUrl(
    env,
    'ORGBRIDGE_PUBLIC_URL',
    `http://localhost:${Number.isInteger(port) ? port : 3000}`,
    problems,
  );
  const clientId = (env.ORGBRIDGE_SALESFORCE_CLIENT_ID ?? '').trim() || null;
  const clientSecret = (env.ORGBRIDGE_SALESFORCE_CLIENT_SECRET ?? '').trim() || null;
  if ((clientId === null) !== (clientSecret === null)) {
    problems.push(
      'ORGBRIDGE_SALESFORCE_CLIENT_ID and ORGBRIDGE_SALESFORCE_CLIENT_SECRET go together: set both or neither',
    );
  }
  const loginUrl = readSalesforceUrl(
    env,
    'ORGBRIDGE_SALESFORCE_LOGIN_URL',
    'https://login.salesforce.com',
    allowInsecureLoopback,
    problems,
  );
  const sandboxLoginUrl = readSalesforceUrl(
    env,
    'ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL',
    'https://test.salesforce.com',
    allowInsecureLoopback,
    problems,
  );
  const adminApiKey = (env.ORGBRIDGE_ADMIN_API_KEY ?? '').trim() || null;
  if (adminApiKey !== null && adminApiKey.length < 24)
    problems.push('ORGBRIDGE_ADMIN_API_KEY must be at least 24 characters');
  const metricsToken = (env.ORGBRIDGE_METRICS_TOKEN ?? '').trim() || null;
  if (metricsToken !== null && metricsToken.length < 16)
    problems.push('ORGBRIDGE_METRICS_TOKEN must be at least 16 characters');

  if (problems.length > 0) {
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      `invalid configuration:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  }
  return Object.freeze({
    databaseUrl,
    masterKey,
    previousMasterKeys,
    masterKeyFile,
    publicUrl,
    adminApiKey,
    salesforce: Object.freeze({ clientId, clientSecret, loginUrl, sandboxLoginUrl }),
    allowInsecureLoopback,
    port,
    refreshLeaseMs,
    host,
    probeIntervalMs,
    apiBudgetPercent,
    syncIntervalMs,
    syncLeaseMs,
    webhookIntervalMs,
    smtpUrl,
    emailFrom,
    metricsToken,
  });
}
