/**
 * Visualforce page access end to end: the `partner-overlap` preset against the emulator's
 * ApexPage and SetupEntityAccess rows, over real HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createApexPage,
  createPermissionSet,
  grantApexPageAccess,
  revokeApexPageAccess,
} from '@orgbridge/salesforce-emulator';
import { presetProfile, verifyPermissions } from '../../src/permissions/index.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { item, newOrg, statuses } from './support.ts';

const running = await useSalesforce();
const { emulator } = running;

const PAGE = 'cb__PartnerSetup';
const profile = presetProfile('partner-overlap', {
  permissionSet: 'Partner_Access',
  visualforcePages: [PAGE],
});

/**
 * An org with the partner package's page and permission set, and a Standard User holding that
 * set. `viewSetup` decides whether the set lets the user query SetupEntityAccess.
 */
function partnerOrg(options: { viewSetup: boolean; enabled: boolean }) {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, {
    name: 'Partner_Access',
    label: 'Partner Access',
    userPermissions: options.viewSetup ? ['ViewSetup'] : [],
  });
  createApexPage(emulator, org.orgId, { name: 'PartnerSetup', namespacePrefix: 'cb' });
  if (options.enabled)
    grantApexPageAccess(emulator, org.orgId, { permissionSet: 'Partner_Access' }, PAGE);
  return { org, user: org.user('Standard User', ['Partner_Access']) };
}

test('a page enabled through a permission set is granted, naming that set', async () => {
  const { user } = partnerOrg({ viewSetup: true, enabled: true });
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  assert.deepEqual(statuses(report), {
    'object:Account:read': 'granted',
    'object:Lead:read': 'granted',
    'userPermission:ApiEnabled': 'granted',
    'permissionSet:Partner_Access': 'granted',
    [`visualforcePage:${PAGE}`]: 'granted',
  });
  assert.equal(report.ok, true);
  const page = item(report, `visualforcePage:${PAGE}`);
  assert.equal(page.source, 'setupEntityAccess');
  assert.equal(page.reason, `${PAGE} is enabled by the permission set Partner Access`);
  assert.equal(page.fix, null);
  assert.ok(user.reader.paths.some((p) => p.includes('FROM%20SetupEntityAccess')));
});

test("a page enabled on the user's profile is granted, naming the profile", async () => {
  const { org, user } = partnerOrg({ viewSetup: true, enabled: false });
  grantApexPageAccess(emulator, org.orgId, { profile: 'Standard User' }, PAGE);
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  const page = item(report, `visualforcePage:${PAGE}`);
  assert.equal(page.status, 'granted');
  assert.equal(page.reason, `${PAGE} is enabled by the profile Standard User`);
});

test('a revoked page is missing, with the Setup steps to enable it in the held set', async () => {
  const { org, user } = partnerOrg({ viewSetup: true, enabled: true });
  revokeApexPageAccess(emulator, org.orgId, { permissionSet: 'Partner_Access' }, PAGE);
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  assert.equal(report.ok, false);
  assert.equal(report.summary.requiredMissing, 1);
  const page = item(report, `visualforcePage:${PAGE}`);
  assert.equal(page.status, 'missing');
  assert.equal(
    page.reason,
    `neither the profile nor any permission set of the user enables ${PAGE}`,
  );
  assert.equal(
    page.fix,
    `In Setup → Permission Sets, open Partner Access (assigned to ${user.username}), then go to ` +
      `Visualforce Page Access → Edit, move ${PAGE} to Enabled Visualforce Pages and Save.`,
  );
});

test('a user without View Setup and Configuration cannot see page access: unverifiable', async () => {
  const { user } = partnerOrg({ viewSetup: false, enabled: true });
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  const page = item(report, `visualforcePage:${PAGE}`);
  assert.equal(page.status, 'unverifiable');
  assert.match(page.reason, /Salesforce answered 400 INVALID_TYPE/);
  assert.match(page.fix ?? '', /^Check by hand that cb__PartnerSetup is under Enabled Visualforce/);
  // The refusal costs only this item: the rest is still decided.
  assert.equal(item(report, 'permissionSet:Partner_Access').status, 'granted');
  assert.equal(report.ok, true);
  assert.equal(report.summary.requiredUnverifiable, 1);
});

test('a page the org lacks is missing even without View Setup: page names are public', async () => {
  const { user } = partnerOrg({ viewSetup: false, enabled: false });
  const other = presetProfile('partner-overlap', {
    permissionSet: 'Partner_Access',
    visualforcePages: ['cb__Elsewhere'],
  });
  const report = await verifyPermissions(user.reader, other, { userId: user.id });
  const page = item(report, 'visualforcePage:cb__Elsewhere');
  assert.equal(page.status, 'missing');
  assert.equal(page.reason, 'the org has no Visualforce page named cb__Elsewhere');
  assert.match(page.fix ?? '', /^Install the package that provides cb__Elsewhere/);
});
