import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
running.emulator.control.token = 'let-me-in';

test('with a control token set, a control request without it is refused with 401', async () => {
  const res = await control(running, 'GET', '/orgs');
  assert.equal(res.status, 401);
  assert.deepEqual(res.body, {
    error: {
      code: 'unauthorized',
      message: 'the control API needs Authorization: Bearer <control token>',
    },
  });
});

test('a wrong control token is refused and changes nothing', async () => {
  const res = await control(
    running,
    'POST',
    '/orgs',
    { name: 'Intruder' },
    {
      authorization: 'Bearer let-me-inx',
    },
  );
  assert.equal(res.status, 401);
  assert.equal(running.emulator.orgs.size, 0);
});

test('the right control token is accepted', async () => {
  const res = await control(
    running,
    'POST',
    '/orgs',
    { name: 'Welcome' },
    {
      authorization: 'Bearer let-me-in',
    },
  );
  assert.equal(res.status, 201);
});

test('the token guards only the control API, not the emulated Salesforce', async () => {
  const res = await fetch(`${running.baseUrl}/services/data/v60.0/limits`);
  assert.equal(res.status, 401);
  const body = (await res.json()) as Array<{ errorCode: string }>;
  assert.equal(body[0]?.errorCode, 'INVALID_SESSION_ID');
});
