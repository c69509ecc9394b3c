import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createOrg,
  createUser,
  deactivateUser,
  describeUser,
  expirePassword,
  listGrants,
  reactivateUser,
  resetPassword,
  setPassword,
  type CreatedUser,
  type PasswordChange,
  type UserSummary,
} from '../../src/index.ts';
import { lookupSession, passwordExpired } from '../../src/http/session.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control, issueTestSession } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('POST /orgs/:id/users creates a user and returns its password and security token', async () => {
  const org = createOrg(emulator, { name: 'Users Org' });
  const res = await control<CreatedUser>(running, 'POST', `/orgs/${org.id}/users`, {
    username: 'ops@users-org.example',
    password: 'Secret-123',
    profile: 'System Administrator',
    firstName: 'Olga',
    lastName: 'Ops',
  });
  assert.equal(res.status, 201);
  assert.match(res.body.id, /^005/);
  assert.equal(res.body.password, 'Secret-123');
  assert.match(res.body.securityToken, /^[A-Za-z0-9]{24,25}$/);
  const secret = emulator.requireOrg(org.id).secrets.get(res.body.id);
  assert.equal(secret?.password, 'Secret-123');
  const summary = describeUser(emulator, org.id, 'ops@users-org.example');
  assert.equal(summary.profileName, 'System Administrator');
  assert.equal(summary.name, 'Olga Ops');
  assert.equal(summary.isActive, true);
});

test('users are listed with profile and permission sets, never secrets', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'Listing' });
  const res = await control<UserSummary[]>(running, 'GET', `/orgs/${org.id}/users`);
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 3);
  const first = res.body.find((u) => u.id === admin.id);
  assert.equal(first?.profileName, 'System Administrator');
  assert.equal(JSON.stringify(res.body).includes(admin.password), false);
  assert.equal(JSON.stringify(res.body).includes(admin.securityToken), false);
});

test('a taken username, a bad profile or an unknown org is refused', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'Refusals' });
  const taken = await control(running, 'POST', `/orgs/${org.id}/users`, {
    username: admin.username,
  });
  assert.equal(taken.status, 400);
  const profile = await control(running, 'POST', `/orgs/${org.id}/users`, {
    username: 'x@refusals.example',
    profile: 'Chief Wizard',
  });
  assert.equal(profile.status, 400);
  const noOrg = await control(running, 'POST', '/orgs/00D000000000000AAA/users', {
    username: 'y@refusals.example',
  });
  assert.equal(noOrg.status, 404);
  assert.throws(() => createUser(emulator, org.id, { username: 'not an email' }), /username/);
});

test("deactivating a user ends the user's sessions but keeps the grants", async () => {
  const { org, standard, app } = seedBasicOrg(running, { name: 'Deactivate' });
  const { session, grant } = issueTestSession(emulator, org, standard.id, app.id);
  emulator.loginSessions.set('sid-1', {
    id: 'sid-1',
    orgId: org.id,
    userId: standard.id,
    hostname: org.hostname,
    createdAt: emulator.clock.now(),
  });
  assert.equal(lookupSession(emulator, session.token).ok, true);
  const res = await control<UserSummary>(
    running,
    'POST',
    `/orgs/${org.id}/users/${standard.username}/deactivate`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.isActive, false);
  assert.equal(emulator.findUser(org, standard.id)?.IsActive, false);
  const lookup = lookupSession(emulator, session.token);
  assert.equal(lookup.ok, false);
  assert.ok(!lookup.ok && ['revoked', 'inactive_user'].includes(lookup.problem));
  assert.equal(emulator.loginSessions.has('sid-1'), false);
  const grants = listGrants(emulator, { orgId: org.id, userId: standard.id });
  assert.deepEqual(
    grants.map((g) => [g.id, g.state]),
    [[grant.id, 'active']],
  );
});

test('a session issued to a deactivated user is refused as inactive_user', () => {
  const { org, standard, app } = seedBasicOrg(running, { name: 'Inactive' });
  deactivateUser(emulator, org.id, standard.id);
  const { session } = issueTestSession(emulator, org, standard.id, app.id);
  const lookup = lookupSession(emulator, session.token);
  assert.deepEqual(lookup, { ok: false, problem: 'inactive_user' });
});

test('reactivating a user makes it active again; ended sessions stay ended', async () => {
  const { org, standard, app } = seedBasicOrg(running, { name: 'Reactivate' });
  const { session } = issueTestSession(emulator, org, standard.id, app.id);
  deactivateUser(emulator, org.id, standard.id);
  const res = await control<UserSummary>(
    running,
    'POST',
    `/orgs/${org.id}/users/${standard.id}/reactivate`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.isActive, true);
  assert.equal(reactivateUser(emulator, org.id, standard.id).isActive, true);
  assert.deepEqual(lookupSession(emulator, session.token), { ok: false, problem: 'revoked' });
  const fresh = issueTestSession(emulator, org, standard.id, app.id);
  assert.equal(lookupSession(emulator, fresh.session.token).ok, true);
});

test('expiring a password locks the user out of the API until it is set again', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'Expire' });
  const res = await control(
    running,
    'POST',
    `/orgs/${org.id}/users/${standard.id}/password/expire`,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { userId: standard.id, expired: true });
  assert.equal(passwordExpired(emulator, org, standard.id), true);
  assert.equal(describeUser(emulator, org.id, standard.id).passwordExpired, true);
  setPassword(emulator, org.id, standard.id, 'Brand-New-Pass-1');
  assert.equal(passwordExpired(emulator, org, standard.id), false);
  assert.throws(() => expirePassword(emulator, org.id, '005000000000000AAA'), /no user/);
});

test('resetting a password issues a new password and a new security token', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'Reset' });
  const res = await control<PasswordChange>(
    running,
    'POST',
    `/orgs/${org.id}/users/${standard.id}/password/reset`,
  );
  assert.equal(res.status, 200);
  assert.notEqual(res.body.password, standard.password);
  assert.notEqual(res.body.securityToken, standard.securityToken);
  const secret = org.secrets.get(standard.id);
  assert.equal(secret?.password, res.body.password);
  assert.equal(secret?.securityToken, res.body.securityToken);
  assert.equal(secret?.expired, false);
  const again = resetPassword(emulator, org.id, standard.username);
  assert.notEqual(again.password, res.body.password);
});

test('setting a password also resets the token unless one is pinned', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'SetPassword' });
  const pinned = await control<PasswordChange>(
    running,
    'PUT',
    `/orgs/${org.id}/users/${standard.id}/password`,
    { password: 'Another-Pass-2', securityToken: 'PinnedToken123' },
  );
  assert.equal(pinned.status, 200);
  assert.deepEqual(
    [pinned.body.password, pinned.body.securityToken],
    ['Another-Pass-2', 'PinnedToken123'],
  );
  const changed = setPassword(emulator, org.id, standard.id, 'Third-Pass-3');
  assert.notEqual(changed.securityToken, 'PinnedToken123');
  const weak = await control(running, 'PUT', `/orgs/${org.id}/users/${standard.id}/password`, {
    password: 'short',
  });
  assert.equal(weak.status, 400);
});
