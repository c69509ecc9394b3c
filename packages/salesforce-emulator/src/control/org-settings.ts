import { isIP } from 'node:net';
import type { Emulator } from '../emulator.ts';
import type { OrgSettings } from '../model/org.ts';
import { invalidRequest } from './control-error.ts';
import { optionalBoolean, optionalNumber, rejectUnknownKeys } from './input.ts';
import { requireControlOrg } from './lookup.ts';

const SETTING_KEYS = [
  'sessionTimeoutMs',
  'passwordExpiryDays',
  'usernamePasswordFlowBlocked',
  'trustedIpRanges',
  'apiEnabled',
  'dailyApiRequests',
  'loginHoursOpen',
  'dailyBulkV2QueryJobs',
] as const;

function isIpAddress(text: unknown): text is string {
  return typeof text === 'string' && isIP(text) !== 0;
}

/**
 * Validates a settings patch from JSON: only known keys, each of its type. Session timeouts follow
 * Salesforce's allowed range (15 minutes to 24 hours); 0 password-expiry days means never.
 * @see https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
 */
export function parseOrgSettings(input: Record<string, unknown>): Partial<OrgSettings> {
  rejectUnknownKeys(input, SETTING_KEYS);
  const patch: Partial<OrgSettings> = {};
  const timeout = optionalNumber(input, 'sessionTimeoutMs', { min: 1000, max: 24 * 3600 * 1000 });
  if (timeout !== undefined) patch.sessionTimeoutMs = timeout;
  const expiry = optionalNumber(input, 'passwordExpiryDays', { min: 0, max: 3650 });
  if (expiry !== undefined) patch.passwordExpiryDays = expiry;
  const blocked = optionalBoolean(input, 'usernamePasswordFlowBlocked');
  if (blocked !== undefined) patch.usernamePasswordFlowBlocked = blocked;
  const apiEnabled = optionalBoolean(input, 'apiEnabled');
  if (apiEnabled !== undefined) patch.apiEnabled = apiEnabled;
  const daily = optionalNumber(input, 'dailyApiRequests', { min: 0 });
  if (daily !== undefined) patch.dailyApiRequests = daily;
  const bulkJobs = optionalNumber(input, 'dailyBulkV2QueryJobs', { min: 0 });
  if (bulkJobs !== undefined) patch.dailyBulkV2QueryJobs = bulkJobs;
  const hours = optionalBoolean(input, 'loginHoursOpen');
  if (hours !== undefined) patch.loginHoursOpen = hours;
  const ranges = input.trustedIpRanges;
  if (ranges !== undefined && ranges !== null) {
    if (
      !Array.isArray(ranges) ||
      !ranges.every(
        (r: unknown) =>
          typeof r === 'object' &&
          r !== null &&
          isIpAddress((r as { start?: unknown }).start) &&
          isIpAddress((r as { end?: unknown }).end),
      )
    ) {
      throw invalidRequest('trustedIpRanges must be an array of { "start": IP, "end": IP }');
    }
    patch.trustedIpRanges = (ranges as Array<{ start: string; end: string }>).map((r) => ({
      start: r.start,
      end: r.end,
    }));
  }
  return patch;
}

/**
 * Changes org-wide settings (Session Settings, Password Policies, Network Access, API access,
 * the daily API allowance, login hours). Unnamed settings keep their values.
 */
export function setOrgSettings(
  emulator: Emulator,
  orgId: string,
  settings: Partial<OrgSettings>,
): OrgSettings {
  const org = requireControlOrg(emulator, orgId);
  const patch = parseOrgSettings(settings);
  Object.assign(org.settings, patch);
  return { ...org.settings, trustedIpRanges: [...org.settings.trustedIpRanges] };
}
