import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advanceClock,
  exhaustApiLimit,
  readApiUsage,
  readClock,
  restoreApiLimit,
  type ApiUsage,
  type ClockState,
} from '../../src/index.ts';
import { lookupSession } from '../../src/http/session.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control, issueTestSession } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('advancing the clock moves the emulated now forward', async () => {
  const before = readClock(emulator);
  const res = await control<ClockState>(running, 'POST', '/clock/advance', {
    hours: 1,
    minutes: 30,
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.offsetMs - before.offsetMs, 5_400_000);
  assert.ok(res.body.nowMs >= before.nowMs + 5_400_000);
  assert.match(res.body.now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  const read = await control<ClockState>(running, 'GET', '/clock');
  assert.equal(read.body.offsetMs, res.body.offsetMs);
});

test('an idle session expires once the clock passes the session timeout', () => {
  const { org, admin, app } = seedBasicOrg(running, { name: 'Timeout' });
  const { session } = issueTestSession(emulator, org, admin.id, app.id);
  advanceClock(emulator, org.settings.sessionTimeoutMs + 1000);
  assert.deepEqual(lookupSession(emulator, session.token), { ok: false, problem: 'expired' });
});

test('the clock never moves back', async () => {
  const res = await control(running, 'POST', '/clock/advance', { ms: -1 });
  assert.equal(res.status, 400);
  const empty = await control(running, 'POST', '/clock/advance', {});
  assert.equal(empty.status, 400);
  assert.throws(() => advanceClock(emulator, Number.NaN), /forward/);
});

test('exhausting the API limit makes the next counted request fail, restoring gives it back', async () => {
  const { org } = seedBasicOrg(running, { name: 'Limits' });
  const exhausted = await control<ApiUsage>(running, 'POST', `/orgs/${org.id}/api-usage/exhaust`);
  assert.equal(exhausted.status, 200);
  assert.deepEqual(exhausted.body, { used: 15000, max: 15000, remaining: 0 });
  assert.equal(emulator.countApiRequest(org), false);
  const restored = await control<ApiUsage>(running, 'POST', `/orgs/${org.id}/api-usage/restore`);
  assert.deepEqual(restored.body, { used: 0, max: 15000, remaining: 15000 });
  assert.equal(emulator.countApiRequest(org), true);
  assert.equal(readApiUsage(emulator, org.id).used, 1);
});

test('API usage can be set to any figure and rolls out of the 24-hour window', async () => {
  const { org } = seedBasicOrg(running, { name: 'Usage' });
  const set = await control<ApiUsage>(running, 'PUT', `/orgs/${org.id}/api-usage`, { used: 42 });
  assert.deepEqual(set.body, { used: 42, max: 15000, remaining: 14958 });
  exhaustApiLimit(emulator, org.id);
  advanceClock(emulator, 25 * 3_600_000);
  assert.equal(readApiUsage(emulator, org.id).used, 0);
  assert.equal(restoreApiLimit(emulator, org.id).remaining, 15000);
  const bad = await control(running, 'PUT', `/orgs/${org.id}/api-usage`, { used: -3 });
  assert.equal(bad.status, 400);
});
