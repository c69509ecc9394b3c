import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Ticker } from '../../src/jobs/ticker.ts';

test('a slow tick is never started twice; stop waits for the tick in progress', async () => {
  let running = 0;
  let most = 0;
  let finished = 0;
  const ticker = new Ticker(
    async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(60);
      running -= 1;
      finished += 1;
    },
    { intervalMs: 5 },
  );
  ticker.start();
  ticker.start(); // a second start is a no-op, not a second timer
  await sleep(200);
  await ticker.stop();
  assert.equal(most, 1);
  assert.equal(running, 0, 'stop resolved while a tick was still running');
  assert.ok(finished >= 2, `ticks went on after the first (${finished})`);
  const after = finished;
  await sleep(50);
  assert.equal(finished, after, 'a tick ran after stop');
});

test('a failing tick is reported and the next one still runs', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const ticker = new Ticker(
    () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
    },
    { intervalMs: 5, onError: (error) => errors.push(error) },
  );
  ticker.start();
  await sleep(60);
  await ticker.stop();
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /boom/);
  assert.ok(calls >= 2);
});

test('stop aborts the signal a looping tick watches, so a backlog cannot hold a stopping process', async () => {
  let rounds = 0;
  const ticker = new Ticker(
    async (signal) => {
      // Work is always due: only the signal ends this loop.
      while (!signal.aborted) {
        rounds += 1;
        await sleep(5);
      }
    },
    { intervalMs: 5 },
  );
  ticker.start();
  await sleep(50);
  const stopped = await Promise.race([
    ticker.stop().then(() => 'stopped'),
    sleep(2000).then(() => 'still running'),
  ]);
  assert.equal(stopped, 'stopped');
  assert.ok(rounds > 1);
});
