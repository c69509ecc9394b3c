import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO_APP,
  DEMO_USERS,
  Emulator,
  describeUserAccess,
  listOrgs,
  seedDemo,
} from '../../src/index.ts';
import { computeAccess, objectAccess } from '../../src/security/access.ts';

test('the demo org has the documented users, passwords and security tokens', () => {
  const emulator = new Emulator();
  const demo = seedDemo(emulator);
  assert.equal(demo.org.name, 'Demo Org');
  assert.equal(demo.org.hostname, 'orgbridge-demo.my.salesforce.com');
  for (const key of ['admin', 'sales', 'integration'] as const) {
    const expected = DEMO_USERS[key];
    const found = emulator.findUserByUsername(expected.username);
    assert.equal(found?.org.id, demo.org.id, key);
    const secret = demo.org.secrets.get(found.user.Id);
    assert.equal(secret?.password, expected.password);
    assert.equal(secret?.securityToken, expected.securityToken);
  }
  assert.equal(DEMO_USERS.admin.securityToken, 'DemoAdminSecurityToken01');
  assert.equal(demo.sandbox.hostname, 'orgbridge-demo--dev.sandbox.my.salesforce.com');
  const sandboxAdmin = emulator.findUserByUsername('admin@demo.orgbridge.example.dev');
  assert.equal(sandboxAdmin?.org.id, demo.sandbox.id);
  assert.equal(demo.sandbox.secrets.get(sandboxAdmin.user.Id)?.password, 'Demo-Admin-1!');
});

test('the integration user reads and writes the synced objects through its permission set', () => {
  const emulator = new Emulator();
  const demo = seedDemo(emulator);
  const access = computeAccess(demo.org, demo.users.integration.id);
  assert.equal(access.profileName, 'Minimum Access - API Only Integrations');
  assert.ok(access.permissions.has('ApiEnabled'));
  assert.ok(access.permissions.has('ApiUserOnly'));
  assert.ok(access.permissions.has('ViewSetup'));
  for (const object of ['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task']) {
    assert.deepEqual(objectAccess(access, demo.org.schema.get(object)!), {
      read: true,
      create: true,
      edit: true,
      delete: false,
      viewAll: false,
      modifyAll: false,
    });
  }
  assert.equal(objectAccess(access, demo.org.schema.get('Event')!).read, false);
  assert.deepEqual(
    describeUserAccess(emulator, demo.org.id, demo.users.integration.id).permissionSets,
    ['Minimum Access - API Only Integrations', 'orgbridge Integration'],
  );
});

test('the demo app has the fixed consumer key, secret, callbacks and scopes', () => {
  const emulator = new Emulator();
  const demo = seedDemo(emulator);
  const app = emulator.findAppByConsumerKey('3MVG9orgbridgeDemoConsumerKey');
  assert.equal(app?.id, demo.app.id);
  assert.equal(app.name, 'orgbridge demo');
  assert.equal(app.consumerSecret, 'orgbridge-demo-consumer-secret');
  assert.deepEqual(app.callbackUrls, [...DEMO_APP.callbackUrls]);
  assert.deepEqual(app.scopes, ['api', 'refresh_token', 'offline_access', 'id', 'openid']);
  assert.equal(app.clientCredentialsUser[demo.org.id], demo.users.integration.id);
});

test('the demo has a few hundred sample records of the synced objects', () => {
  const emulator = new Emulator();
  const demo = seedDemo(emulator);
  const summary = listOrgs(emulator).find((o) => o.id === demo.org.id)!;
  assert.deepEqual(
    Object.fromEntries(
      ['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task'].map((o) => [
        o,
        summary.records[o]?.live,
      ]),
    ),
    { Account: 60, Contact: 120, Lead: 50, Opportunity: 60, Campaign: 6, Task: 60 },
  );
  assert.equal(demo.records.org, 356);
  const first = [...demo.org.tables.get('Account')!.rows.values()][0]!;
  assert.equal(first.Name, 'Acme Corporation');
  const owners = new Set([...demo.org.tables.get('Account')!.rows.values()].map((r) => r.OwnerId));
  assert.deepEqual(owners, new Set([demo.users.admin.id, demo.users.sales.id]));
});

test('the demo is the same on every run: ids, names and credentials', () => {
  const one = seedDemo(new Emulator());
  const two = seedDemo(new Emulator());
  assert.equal(one.org.id, two.org.id);
  assert.equal(one.users.admin.id, two.users.admin.id);
  const names = (seed: typeof one) =>
    [...seed.org.tables.get('Contact')!.rows.values()].map((r) => [r.Id, r.Name, r.Email]);
  assert.deepEqual(names(one), names(two));
});
