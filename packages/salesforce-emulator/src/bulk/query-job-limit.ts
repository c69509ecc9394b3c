import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { queryJobTimes } from './job-store.ts';

/** Salesforce's allowance of Bulk API 2.0 query jobs per rolling 24 hours. */
export const DAILY_BULK_V2_QUERY_JOBS = 10_000;

/** The org's query-job allowance: its `dailyBulkV2QueryJobs` setting, or Salesforce's 10,000. */
export function bulkQueryJobLimit(org: Org): number {
  return org.settings.dailyBulkV2QueryJobs ?? DAILY_BULK_V2_QUERY_JOBS;
}

/** Query jobs the org created in the last 24 hours (`DailyBulkV2QueryJobs` in `/limits`). */
export function bulkQueryJobsUsed(emulator: Emulator, org: Org): number {
  return queryJobTimes(emulator, org.id).length;
}

/**
 * Fails with 400 `LIMIT_EXCEEDED` once the org has created its allowance of query jobs in the
 * last 24 hours, as Salesforce does: `Max bulk v2 query jobs (10000) per 24 hrs has been reached (10021)`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_bulkapi.htm
 */
export function checkQueryJobAllowance(emulator: Emulator, org: Org): void {
  const limit = bulkQueryJobLimit(org);
  const used = bulkQueryJobsUsed(emulator, org);
  if (used >= limit) {
    throw new SalesforceError(
      400,
      'LIMIT_EXCEEDED',
      `Max bulk v2 query jobs (${limit}) per 24 hrs has been reached (${used + 1})`,
    );
  }
}

/** Counts a created query job against the allowance. */
export function countQueryJob(emulator: Emulator, org: Org): void {
  queryJobTimes(emulator, org.id).push(emulator.clock.now());
}
