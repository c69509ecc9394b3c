import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createApproval,
  createConnectedApp,
  listGrants,
  revokeGrantsOfApp,
  updateAppPolicy,
  type GrantSummary,
} from '../../src/index.ts';
import { lookupSession } from '../../src/http/session.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control, issueTestSession } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('grants are listed per user and per app with their state', async () => {
  const { org, admin, standard, app } = seedBasicOrg(running, { name: 'GrantList' });
  const other = createConnectedApp(emulator, { name: 'Other' });
  const a = issueTestSession(emulator, org, admin.id, app.id).grant;
  issueTestSession(emulator, org, standard.id, app.id);
  issueTestSession(emulator, org, standard.id, other.id);
  const byUser = await control<GrantSummary[]>(
    running,
    'GET',
    `/orgs/${org.id}/users/${admin.id}/grants`,
  );
  assert.equal(byUser.status, 200);
  assert.deepEqual(
    byUser.body.map((g) => [g.id, g.appName, g.username, g.state, g.liveSessions]),
    [[a.id, 'Test App', admin.username, 'active', 1]],
  );
  const byApp = await control<GrantSummary[]>(running, 'GET', `/apps/${app.id}/grants`);
  assert.equal(byApp.body.length, 2);
  const filtered = await control<GrantSummary[]>(
    running,
    'GET',
    `/grants?orgId=${org.id}&userId=${standard.username}&appId=${other.consumerKey}`,
  );
  assert.equal(filtered.body.length, 1);
  assert.equal(filtered.body[0]?.appId, other.id);
});

test('revoking one grant ends its access tokens', async () => {
  const { org, admin, app } = seedBasicOrg(running, { name: 'RevokeOne' });
  const { grant, session } = issueTestSession(emulator, org, admin.id, app.id);
  const res = await control<GrantSummary>(running, 'POST', `/grants/${grant.id}/revoke`);
  assert.equal(res.status, 200);
  assert.equal(res.body.state, 'revoked');
  assert.equal(res.body.revokedReason, 'admin');
  assert.deepEqual(lookupSession(emulator, session.token), { ok: false, problem: 'revoked' });
  const missing = await control(running, 'POST', '/grants/0CJ000000000000AAA/revoke');
  assert.equal(missing.status, 404);
});

test("revoking a user's grants leaves other users' alone", async () => {
  const { org, admin, standard, app } = seedBasicOrg(running, { name: 'RevokeUser' });
  issueTestSession(emulator, org, admin.id, app.id);
  issueTestSession(emulator, org, admin.id, app.id);
  const kept = issueTestSession(emulator, org, standard.id, app.id);
  const res = await control(running, 'POST', `/orgs/${org.id}/users/${admin.id}/grants/revoke`, {});
  assert.deepEqual(res.body, { revoked: 2 });
  assert.equal(lookupSession(emulator, kept.session.token).ok, true);
  assert.deepEqual(
    listGrants(emulator, { orgId: org.id, userId: admin.id }).map((g) => g.state),
    ['revoked', 'revoked'],
  );
});

test("revoking an app's grants covers every user (or one org)", async () => {
  const first = seedBasicOrg(running, { name: 'AppRevokeA' });
  const second = seedBasicOrg(running, { name: 'AppRevokeB' });
  const app = createConnectedApp(emulator, { name: 'Shared' });
  issueTestSession(emulator, first.org, first.admin.id, app.id);
  issueTestSession(emulator, first.org, first.standard.id, app.id);
  const other = issueTestSession(emulator, second.org, second.admin.id, app.id);
  const res = await control(running, 'POST', `/apps/${app.id}/grants/revoke`, {
    orgId: first.org.id,
  });
  assert.deepEqual(res.body, { revoked: 2 });
  assert.equal(lookupSession(emulator, other.session.token).ok, true);
  assert.deepEqual(revokeGrantsOfApp(emulator, app.id), { revoked: 1 });
});

test("a grant past its app's refresh-token policy is listed as expired", () => {
  const { org, admin } = seedBasicOrg(running, { name: 'Expired' });
  const app = createConnectedApp(emulator, { name: 'Short lived' });
  updateAppPolicy(emulator, app.id, { refreshTokenPolicy: { kind: 'expire_after', ms: 60_000 } });
  issueTestSession(emulator, org, admin.id, app.id);
  assert.equal(listGrants(emulator, { appId: app.id })[0]?.state, 'active');
  emulator.clock.advance(61_000);
  assert.equal(listGrants(emulator, { appId: app.id })[0]?.state, 'expired');
  assert.equal(listGrants(emulator, { appId: app.id, state: 'expired' }).length, 1);
});

test('grant listing validates its filters', async () => {
  const bad = await control(running, 'GET', '/grants?state=sleeping');
  assert.equal(bad.status, 400);
  const noOrg = await control(running, 'GET', '/grants?userId=005000000000000AAA');
  assert.equal(noOrg.status, 400);
});

test('createApproval: a grant that refreshes like one from the web-server flow, within the approval limit', async () => {
  const { org, admin, app } = seedBasicOrg(running, { name: 'Approval' });
  const first = createApproval(emulator, org.id, admin.username, app.id);
  assert.equal(emulator.sessions.get(first.accessToken)?.grantId, first.grantId);
  assert.equal(lookupSession(emulator, first.accessToken).ok, true);
  const refreshed = await fetch(`${running.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
      client_id: app.consumerKey,
      client_secret: app.consumerSecret,
    }),
  });
  assert.equal(refreshed.status, 200);
  const body = (await refreshed.json()) as { access_token: string };
  assert.notEqual(body.access_token, first.accessToken);
  // Five more approvals by the same user: the sixth overall evicts the first.
  for (let i = 0; i < 5; i++) createApproval(emulator, org.id, admin.username, app.id);
  const states = listGrants(emulator, { orgId: org.id, userId: admin.id, appId: app.id });
  assert.equal(states.find((g) => g.id === first.grantId)?.revokedReason, 'approval_limit');
  assert.equal(states.filter((g) => g.state === 'active').length, 5);
});
