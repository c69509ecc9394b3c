import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);

type Limit = { Max: number; Remaining: number };

test('GET /limits reports the daily API allowance and what remains', async () => {
  const admin = restClient(emulator, seeded.org, seeded.admin.id);
  await admin.get('/sobjects');
  await admin.get('/sobjects');
  const res = await admin.get('/limits/');
  assert.equal(res.status, 200);
  const limits = (await res.json()) as Record<string, Limit>;
  const used = emulator.apiRequestsUsed(seeded.org);
  assert.equal(used, 3);
  assert.deepEqual(limits.DailyApiRequests, { Max: 15000, Remaining: 15000 - used });
  assert.match(res.headers.get('sforce-limit-info') ?? '', /^api-usage=3\/15000$/);
  for (const name of [
    'DailyBulkV2QueryJobs',
    'DailyBulkV2QueryFileStorageMB',
    'DailyBulkApiBatches',
    'DataStorageMB',
    'FileStorageMB',
    'ConcurrentAsyncGetReportInstances',
  ]) {
    const limit = limits[name];
    assert.ok(limit, name);
    assert.equal(typeof limit.Max, 'number');
    assert.ok(limit.Remaining <= limit.Max);
  }
  assert.deepEqual(Object.keys(limits), Object.keys(limits).sort());
});

test('GET /limits follows the org allowance setting', async () => {
  const org = emulator.createOrg({ name: 'Small', settings: { dailyApiRequests: 100 } });
  const user = emulator.createUser(org.id, {
    username: `admin@small.${Math.random().toString(36).slice(2)}.example`,
    profile: 'System Administrator',
  });
  const res = await restClient(emulator, org, user.id).get('/limits');
  assert.deepEqual(((await res.json()) as Record<string, Limit>).DailyApiRequests, {
    Max: 100,
    Remaining: 99,
  });
});

test('GET /limits needs View Setup and Configuration', async () => {
  const standard = restClient(emulator, seeded.org, seeded.standard.id);
  const res = await standard.get('/limits');
  assert.equal(res.status, 403);
  const body = (await res.json()) as Array<{ errorCode: string }>;
  assert.equal(body[0]!.errorCode, 'INSUFFICIENT_ACCESS');
});
