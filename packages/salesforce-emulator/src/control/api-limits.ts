import type { Emulator } from '../emulator.ts';
import { invalidRequest } from './control-error.ts';
import { requireControlOrg } from './lookup.ts';

/** An org's daily API usage, as `/limits` reports DailyApiRequests. */
export interface ApiUsage {
  used: number;
  max: number;
  remaining: number;
}

const HOUR_MS = 3_600_000;

/** The org's API requests counted in the rolling 24 hours, and its allowance. */
export function readApiUsage(emulator: Emulator, orgId: string): ApiUsage {
  const org = requireControlOrg(emulator, orgId);
  const used = emulator.apiRequestsUsed(org);
  const max = org.settings.dailyApiRequests;
  return { used, max, remaining: Math.max(0, max - used) };
}

/**
 * Sets the org's usage to `used` requests, all counted in the current hour (so they roll out of
 * the 24-hour window a day later on the emulated clock).
 */
export function setApiUsage(emulator: Emulator, orgId: string, used: number): ApiUsage {
  const org = requireControlOrg(emulator, orgId);
  if (!Number.isInteger(used) || used < 0) throw invalidRequest('used must be an integer >= 0');
  org.apiUsage.clear();
  if (used > 0) org.apiUsage.set(Math.floor(emulator.clock.now() / HOUR_MS), used);
  return readApiUsage(emulator, orgId);
}

/**
 * Spends the org's whole daily allowance: the next API call gets 403 `REQUEST_LIMIT_EXCEEDED`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
 */
export function exhaustApiLimit(emulator: Emulator, orgId: string): ApiUsage {
  const org = requireControlOrg(emulator, orgId);
  return setApiUsage(emulator, orgId, org.settings.dailyApiRequests);
}

/** Gives the org its whole allowance back (usage 0). */
export function restoreApiLimit(emulator: Emulator, orgId: string): ApiUsage {
  return setApiUsage(emulator, orgId, 0);
}
