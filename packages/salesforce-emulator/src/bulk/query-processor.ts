import type { Emulator } from '../emulator.ts';
import type { QueryJob } from './bulk-job.ts';
import { jobExists, schedule } from './job-store.ts';

/**
 * Runs a created query job on later ticks: UploadComplete → InProgress → JobComplete, unless it
 * was aborted or deleted meanwhile. The records were fixed when the job was planned at creation.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
 */
export function startQueryJob(emulator: Emulator, job: QueryJob): void {
  schedule(emulator, () => {
    if (job.state !== 'UploadComplete' || !jobExists(emulator, job)) return;
    job.state = 'InProgress';
    job.modifiedAt = emulator.clock.now();
    schedule(emulator, () => {
      if (job.state !== 'InProgress' || !jobExists(emulator, job)) return;
      job.state = 'JobComplete';
      job.numberRecordsProcessed = job.plan.totalSize;
      job.modifiedAt = emulator.clock.now();
    });
  });
}
