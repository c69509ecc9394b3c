import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  Emulator,
  addCustomField,
  advanceClock,
  createCustomObject,
  createRecordAs,
  deleteRecordAs,
  injectFault,
  loadSnapshot,
  saveSnapshot,
  seedDemo,
  seedRecords,
  startEmulator,
  type Org,
} from '../../src/index.ts';
import { computeAccess, objectAccess } from '../../src/security/access.ts';
import { useEmulator } from '../helpers/emulator.ts';
import { control, issueTestSession } from './control-client.ts';

const dir = await mkdtemp(join(tmpdir(), 'emulator-snapshot-'));
after(() => rm(dir, { recursive: true, force: true }));

function plainOrg(org: Org) {
  return {
    ...org,
    schema: [...org.schema.values()],
    secrets: [...org.secrets],
    apiUsage: [...org.apiUsage],
    tables: [...org.tables].map(([name, t]) => ({
      name,
      definitionIsSchema: t.definition === org.schema.get(name),
      rows: [...t.rows.values()],
      recycleBin: [...t.recycleBin],
      indexes: [...t.uniqueIndexes].map(([k, m]) => [k, [...m]]),
    })),
  };
}

function state(emulator: Emulator) {
  return {
    orgs: [...emulator.orgs.values()].map(plainOrg),
    hostnames: [...emulator.orgsByHostname.keys()],
    apps: [...emulator.apps.values()],
    grants: [...emulator.grants.values()],
    refreshTokens: [...emulator.refreshTokens],
    sessions: [...emulator.sessions.values()],
    codes: [...emulator.codes.values()],
    loginSessions: [...emulator.loginSessions.values()],
    faults: emulator.faults,
    clockOffsetMs: emulator.clock.offsetMs,
    idCounter: emulator.ids.counter,
    signingKey: emulator.signingKey,
  };
}

function busyEmulator(): Emulator {
  const emulator = new Emulator();
  const demo = seedDemo(emulator);
  const org = demo.org;
  createCustomObject(emulator, org.id, {
    name: 'Shipment__c',
    fields: [{ name: 'Tracking__c', type: 'string', length: 30, externalId: true, unique: true }],
  });
  addCustomField(emulator, org.id, 'Account', {
    name: 'Tier__c',
    type: 'picklist',
    picklistValues: ['Gold'],
  });
  createRecordAs(
    emulator,
    org.id,
    'Shipment__c',
    { Name: 'S-1', Tracking__c: 'TRK1' },
    demo.users.admin.id,
  );
  const doomed = createRecordAs(
    emulator,
    org.id,
    'Account',
    { Name: 'Doomed' },
    demo.users.sales.id,
  );
  deleteRecordAs(emulator, org.id, doomed.id!, demo.users.sales.id);
  seedRecords(emulator, org.id, 'Lead', 250);
  issueTestSession(emulator, org, demo.users.integration.id, demo.app.id);
  emulator.codes.set('aPrxCode==', {
    code: 'aPrxCode==',
    orgId: org.id,
    userId: demo.users.admin.id,
    appId: demo.app.id,
    redirectUri: 'http://localhost:3000/oauth/callback',
    scopes: ['api'],
    codeChallenge: null,
    codeChallengeMethod: 'S256',
    nonce: null,
    loginHost: 'login.salesforce.com',
    expiresAt: emulator.clock.now() + 900_000,
    usedAt: null,
  });
  emulator.loginSessions.set('sid', {
    id: 'sid',
    orgId: org.id,
    userId: demo.users.admin.id,
    hostname: org.hostname,
    createdAt: emulator.clock.now(),
  });
  emulator.signingKey = { privateKeyPem: 'pem', publicJwk: { kty: 'RSA', kid: 'k1' }, kid: 'k1' };
  injectFault(emulator, { kind: 'latency', latencyMs: 5, pathPrefix: '/x' });
  org.apiUsage.set(Math.floor(emulator.clock.now() / 3_600_000), 17);
  advanceClock(emulator, 3_600_000);
  return emulator;
}

test('a saved snapshot loads into a new emulator with the same state', async () => {
  const original = busyEmulator();
  const file = join(dir, 'round-trip.json');
  const info = await saveSnapshot(original, file);
  assert.equal(info.orgs, 2);
  assert.ok(info.records > 600);
  const loaded = await loadSnapshot(file);
  assert.deepEqual(state(loaded), state(original));
});

test('a loaded emulator keeps issuing fresh ids and enforcing unique values', async () => {
  const original = busyEmulator();
  const file = join(dir, 'continue.json');
  await saveSnapshot(original, file);
  const loaded = await loadSnapshot(file);
  const org = [...loaded.orgs.values()][0]!;
  const admin = loaded.findUserByUsername('admin@demo.orgbridge.example')!.user;
  const fresh = createRecordAs(loaded, org.id, 'Account', { Name: 'After load' }, admin.Id);
  assert.equal(fresh.success, true);
  assert.equal(original.ids.counter < loaded.ids.counter, true);
  const dup = createRecordAs(
    loaded,
    org.id,
    'Shipment__c',
    { Name: 'S-2', Tracking__c: 'trk1' },
    admin.Id,
  );
  assert.equal(dup.errors[0]?.statusCode, 'DUPLICATE_VALUE');
  const integration = loaded.findUserByUsername('integration@demo.orgbridge.example')!.user;
  const access = computeAccess(org, integration.Id);
  assert.equal(objectAccess(access, org.schema.get('Account')!).edit, true);
});

test('the snapshot file is one valid JSON array, and a reformatted one still loads', async () => {
  const original = busyEmulator();
  const file = join(dir, 'pretty.json');
  await saveSnapshot(original, file);
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown[];
  assert.ok(Array.isArray(parsed));
  const pretty = join(dir, 'reformatted.json');
  await writeFile(pretty, JSON.stringify(parsed, null, 2));
  const loaded = await loadSnapshot(pretty);
  assert.deepEqual(state(loaded), state(original));
});

test('a file that is not a snapshot is refused', async () => {
  const file = join(dir, 'garbage.json');
  await writeFile(file, '{"hello": "world"}');
  await assert.rejects(loadSnapshot(file), /not an emulator snapshot/);
  await writeFile(file, '[\n{"type":"emulator","format":"other","version":1}\n]\n');
  await assert.rejects(loadSnapshot(file), /snapshot/);
});

test('POST /__emulator/snapshot saves to the configured file, and refuses without one', async () => {
  const running = await useEmulator();
  const refused = await control(running, 'POST', '/snapshot');
  assert.equal(refused.status, 400);
  const file = join(dir, 'http.json');
  running.emulator.control.snapshotFile = file;
  running.emulator.createOrg({ name: 'Saved over HTTP' });
  const saved = await control<{ file: string; orgs: number }>(running, 'POST', '/snapshot');
  assert.equal(saved.status, 200);
  assert.equal(saved.body.file, file);
  const loaded = await loadSnapshot(file);
  assert.deepEqual(
    [...loaded.orgs.values()].map((o) => o.name),
    ['Saved over HTTP'],
  );
  // A loaded emulator serves: its orgs' hosts resolve.
  const served = await startEmulator({ emulator: loaded });
  try {
    const org = [...loaded.orgs.values()][0]!;
    const res = await fetch(`${served.baseUrl}/${org.hostname}/services/data/v60.0/sobjects`);
    assert.equal(res.status, 401);
  } finally {
    await served.close();
  }
});
