import { createPublicKey } from 'node:crypto';
import type { CreateAppOptions } from '../emulator.ts';
import type { ConnectedApp, RefreshTokenPolicy } from '../model/connected-app.ts';
import { invalidRequest } from './control-error.ts';
import {
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStringArray,
  rejectUnknownKeys,
} from './input.ts';

/** The OAuth policies of an app that can change after it is created. */
export type AppPolicy = Partial<
  Pick<
    ConnectedApp,
    | 'callbackUrls'
    | 'certificatePem'
    | 'adminApprovedOnly'
    | 'requireSecretForRefresh'
    | 'requirePkce'
    | 'rotateRefreshTokens'
    | 'refreshTokenPolicy'
    | 'approvalEviction'
    | 'maxApprovalsPerUser'
    | 'relaxIpRestrictions'
  >
>;

const POLICY_KEYS = [
  'callbackUrls',
  'certificatePem',
  'adminApprovedOnly',
  'requireSecretForRefresh',
  'requirePkce',
  'rotateRefreshTokens',
  'refreshTokenPolicy',
  'approvalEviction',
  'maxApprovalsPerUser',
  'relaxIpRestrictions',
] as const;

const CREATE_KEYS = [...POLICY_KEYS, 'name', 'scopes', 'consumerKey', 'consumerSecret'] as const;

function parseRefreshTokenPolicy(value: unknown): RefreshTokenPolicy {
  const policy = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (policy.kind === 'until_revoked') return { kind: 'until_revoked' };
  if (policy.kind === 'expire_after' || policy.kind === 'expire_if_unused') {
    const ms = optionalNumber(policy, 'ms', { min: 1 });
    if (ms === undefined) throw invalidRequest(`refreshTokenPolicy ${policy.kind} needs ms`);
    return { kind: policy.kind, ms };
  }
  throw invalidRequest(
    'refreshTokenPolicy.kind must be until_revoked, expire_after or expire_if_unused',
  );
}

function parseCallbackUrls(urls: string[]): string[] {
  for (const url of urls) {
    if (!URL.canParse(url)) throw invalidRequest(`callback URL ${url} is not a URL`);
  }
  return urls;
}

function parseCertificate(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalidRequest('certificatePem must be a PEM string');
  try {
    createPublicKey(value);
  } catch {
    throw invalidRequest('certificatePem is not a PEM certificate or public key');
  }
  return value;
}

/** Validates a policy change from JSON (only policy keys, each of its type). */
export function parseAppPolicy(input: Record<string, unknown>): AppPolicy {
  rejectUnknownKeys(input, POLICY_KEYS);
  return readPolicy(input);
}

/** Validates connected-app options from JSON: every option of {@link CreateAppOptions}. */
export function parseCreateAppOptions(input: Record<string, unknown>): CreateAppOptions {
  rejectUnknownKeys(input, CREATE_KEYS);
  const name = optionalString(input, 'name');
  if (name === undefined || name.trim() === '') throw invalidRequest('name is required');
  const options: CreateAppOptions = { name, ...readPolicy(input) };
  const scopes = optionalStringArray(input, 'scopes');
  if (scopes !== undefined) options.scopes = scopes;
  const consumerKey = optionalString(input, 'consumerKey');
  if (consumerKey !== undefined) {
    if (!/^[A-Za-z0-9._]{10,255}$/.test(consumerKey))
      throw invalidRequest('consumerKey must be 10 to 255 letters, digits, dots or underscores');
    options.consumerKey = consumerKey;
  }
  const consumerSecret = optionalString(input, 'consumerSecret');
  if (consumerSecret !== undefined) {
    if (consumerSecret.length < 8) throw invalidRequest('consumerSecret is too short');
    options.consumerSecret = consumerSecret;
  }
  return options;
}

function readPolicy(input: Record<string, unknown>): AppPolicy {
  const policy: AppPolicy = {};
  const urls = optionalStringArray(input, 'callbackUrls');
  if (urls !== undefined) policy.callbackUrls = parseCallbackUrls(urls);
  if (input.certificatePem !== undefined)
    policy.certificatePem = parseCertificate(input.certificatePem);
  for (const key of [
    'adminApprovedOnly',
    'requireSecretForRefresh',
    'requirePkce',
    'rotateRefreshTokens',
    'relaxIpRestrictions',
  ] as const) {
    const value = optionalBoolean(input, key);
    if (value !== undefined) policy[key] = value;
  }
  if (input.refreshTokenPolicy !== undefined)
    policy.refreshTokenPolicy = parseRefreshTokenPolicy(input.refreshTokenPolicy);
  const eviction = optionalString(input, 'approvalEviction');
  if (eviction !== undefined) {
    if (eviction !== 'least_recently_used' && eviction !== 'oldest')
      throw invalidRequest('approvalEviction must be least_recently_used or oldest');
    policy.approvalEviction = eviction;
  }
  const max = optionalNumber(input, 'maxApprovalsPerUser', { min: 1, max: 1000 });
  if (max !== undefined) policy.maxApprovalsPerUser = max;
  return policy;
}
