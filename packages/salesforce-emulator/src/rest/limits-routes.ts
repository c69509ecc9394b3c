import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { sendJson } from '../http/responses.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { restRoute } from './rest-route.ts';

/** A limit as `/limits` reports it. */
interface Limit {
  Max: number;
  Remaining: number;
}

/** Salesforce counts most records as 2 KB of data storage. */
const RECORD_STORAGE_KB = 2;

/** Limits the emulator does not track: reported at their Developer/Enterprise Edition allowance, unused. */
const FIXED_LIMITS: Record<string, number> = {
  ConcurrentAsyncGetReportInstances: 200,
  ConcurrentSyncReportRuns: 20,
  DailyAnalyticsDataflowJobExecutions: 60,
  DailyAsyncApexExecutions: 250000,
  DailyAsyncApexTests: 500,
  DailyBulkApiBatches: 15000,
  DailyBulkV2QueryFileStorageMB: 976562,
  DailyBulkV2QueryJobs: 10000,
  DailyDeliveredPlatformEvents: 10000,
  DailyDurableGenericStreamingApiEvents: 10000,
  DailyDurableStreamingApiEvents: 10000,
  DailyGenericStreamingApiEvents: 10000,
  DailyStandardVolumePlatformEvents: 10000,
  DailyStreamingApiEvents: 10000,
  DailyWorkflowEmails: 390,
  DurableStreamingApiConcurrentClients: 20,
  HourlyAsyncReportRuns: 1200,
  HourlyDashboardRefreshes: 200,
  HourlyDashboardResults: 5000,
  HourlyDashboardStatuses: 999999999,
  HourlyODataCallout: 10000,
  HourlySyncReportRuns: 500,
  HourlyTimeBasedWorkflow: 50,
  MassEmail: 10,
  SingleEmail: 15,
  StreamingApiConcurrentClients: 20,
};

function storageLimits(org: Org): { data: Limit; file: Limit } {
  const developer = org.edition.startsWith('Developer');
  const dataMax = developer ? 5 : 10240;
  const fileMax = developer ? 20 : 10240;
  let rows = 0;
  for (const [name, table] of org.tables) {
    if (name !== 'Organization' && !table.definition.setupObject) {
      rows += table.rows.size + table.recycleBin.size;
    }
  }
  const usedMb = Math.ceil((rows * RECORD_STORAGE_KB) / 1024);
  return {
    data: { Max: dataMax, Remaining: Math.max(0, dataMax - usedMb) },
    file: { Max: fileMax, Remaining: fileMax },
  };
}

/**
 * `GET /limits`: the org's allowances and what remains, keys in alphabetical order as Salesforce
 * sends them. `DailyApiRequests` counts the rolling 24 hours (this call included); storage counts
 * 2 KB per record. Needs the View Setup and Configuration permission: others get 403
 * `INSUFFICIENT_ACCESS`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 */
export function registerLimitsRoutes(app: FastifyInstance, emulator: Emulator): void {
  restRoute(app, emulator, 'GET', '/limits', (request, reply, ctx) => {
    if (!ctx.access.permissions.has('ViewSetup')) {
      throw new SalesforceError(
        403,
        'INSUFFICIENT_ACCESS',
        'You do not have permission to view limits: View Setup and Configuration is required.',
      );
    }
    const max = ctx.org.settings.dailyApiRequests;
    const storage = storageLimits(ctx.org);
    const limits: Record<string, Limit> = {
      DailyApiRequests: {
        Max: max,
        Remaining: Math.max(0, max - emulator.apiRequestsUsed(ctx.org)),
      },
      DataStorageMB: storage.data,
      FileStorageMB: storage.file,
    };
    for (const [name, value] of Object.entries(FIXED_LIMITS)) {
      limits[name] = { Max: value, Remaining: value };
    }
    const sorted = Object.fromEntries(
      Object.entries(limits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return sendJson(request, reply, 200, sorted);
  });
}
