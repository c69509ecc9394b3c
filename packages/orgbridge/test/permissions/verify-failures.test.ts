import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ErrorCode } from '../../src/errors.ts';
import {
  presetProfile,
  verifyPermissions,
  type RequirementProfile,
  type SalesforceReader,
} from '../../src/permissions/index.ts';
import { salesforceRequest } from '../../src/salesforce/index.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { createSession } from '@orgbridge/salesforce-emulator';
import { item, newOrg } from './support.ts';

const running = await useSalesforce();

function failingReader(): SalesforceReader & { calls: number } {
  return {
    calls: 0,
    get<T>(): Promise<T> {
      this.calls += 1;
      return Promise.reject(
        new AppError(ErrorCode.SALESFORCE_UNAVAILABLE, 'down', { details: { status: 503 } }),
      );
    },
  };
}

test('when every request fails the report is still made, with every item unverifiable', async () => {
  const reader = failingReader();
  const report = await verifyPermissions(reader, presetProfile('abm'), {
    userId: '005000000000001AAA',
  });
  assert.ok(reader.calls > 0);
  assert.equal(report.summary.unverifiable, report.items.length);
  assert.equal(report.summary.requiredUnverifiable, 30);
  assert.equal(report.ok, true, 'nothing is known to be missing');
  assert.deepEqual(report.user, { id: '005000000000001AAA', username: null, profileName: null });
  for (const i of report.items) {
    assert.notEqual(i.fix, null, i.id);
    assert.ok(i.reason.length > 0, i.id);
  }
  assert.match(item(report, 'userPermission:ViewSetup').reason, /Salesforce answered 503/);
});

test('a malformed user id is refused before any request', async () => {
  const reader = failingReader();
  await assert.rejects(
    verifyPermissions(reader, presetProfile('abm'), { userId: "005' OR Id != '" }),
    (error) => error instanceof AppError && error.details.field === 'userId',
  );
  assert.equal(reader.calls, 0);
});

test('a profile that skipped validation is refused before any request', async () => {
  const reader = failingReader();
  const hostile = {
    ...presetProfile('abm'),
    userPermissions: [{ permission: 'ApiEnabled FROM User --', need: 'required' }],
  } as RequirementProfile;
  await assert.rejects(verifyPermissions(reader, hostile, { userId: '005000000000001AAA' }), {
    code: ErrorCode.VALIDATION_FAILED,
  });
  assert.equal(reader.calls, 0);
});

test('checkedAt comes from the injected clock', async () => {
  const report = await verifyPermissions(
    failingReader(),
    presetProfile('read-only-sync', { objects: ['Account'] }),
    { userId: '005000000000001AAA' },
    { now: () => new Date('2026-01-02T03:04:05.000Z') },
  );
  assert.equal(report.checkedAt, '2026-01-02T03:04:05.000Z');
});

test("orgbridge's own REST client works as the reader, its refusals read as not visible", async () => {
  const org = newOrg(running);
  const user = org.user('Standard User');
  const instanceUrl = running.emulator.instanceUrl(running.emulator.requireOrg(org.orgId));
  const accessToken = createSession(running.emulator, org.orgId, user.id, ['api']);
  const reader: SalesforceReader = {
    async get<T>(path: string) {
      const result = await salesforceRequest<T>({
        instanceUrl,
        accessToken,
        path,
        allowInsecureLoopback: true,
      });
      return result.body;
    },
  };
  const report = await verifyPermissions(reader, presetProfile('abm'), { userId: user.id });
  assert.equal(item(report, 'object:Account:read').status, 'granted');
  const viewAll = item(report, 'object:Account:viewAll');
  assert.equal(viewAll.status, 'unverifiable');
  assert.match(viewAll.reason, /Salesforce answered 400 INVALID_TYPE/);
  assert.equal(item(report, 'userPermission:ViewSetup').status, 'missing');
});
