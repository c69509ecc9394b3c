/**
 * Visualforce page access is queryable the way Salesforce exposes it: ApexPage rows to everyone,
 * SetupEntityAccess rows (which sets enable which page) only with View Setup and Configuration.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assignPermissionSet,
  createApexPage,
  createPermissionSet,
  grantApexPageAccess,
} from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { restClient, type RestClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;

type Row = Record<string, unknown>;

async function query(client: RestClient, soql: string) {
  const response = await client.get(`/query?q=${encodeURIComponent(soql)}`);
  const body = (await response.json()) as { records: Row[] } & Array<{ errorCode: string }>;
  return { status: response.status, body };
}

/** An org with a packaged page enabled through a permission set and a local one enabled nowhere. */
function orgWithPages(name: string) {
  const seeded = seedBasicOrg(running, { name });
  const { org } = seeded;
  const set = createPermissionSet(emulator, org.id, { name: 'Partner_Access' });
  const packaged = createApexPage(emulator, org.id, { name: 'Setup', namespacePrefix: 'cb' });
  const local = createApexPage(emulator, org.id, { name: 'Setup' });
  grantApexPageAccess(emulator, org.id, { permissionSet: 'Partner_Access' }, 'cb__Setup');
  return { ...seeded, set, packaged, local };
}

test('SetupEntityAccess needs View Setup and Configuration; ApexPage does not', async () => {
  const { org, standard, set } = orgWithPages('SeaDenied');
  const client = restClient(emulator, org, standard.id);
  const denied = await query(client, 'SELECT Id FROM SetupEntityAccess');
  assert.equal(denied.status, 400);
  assert.equal(denied.body[0]!.errorCode, 'INVALID_TYPE');
  const pages = await query(client, 'SELECT Name, NamespacePrefix FROM ApexPage ORDER BY Id');
  assert.equal(pages.status, 200);
  assert.deepEqual(
    pages.body.records.map((r) => [r.NamespacePrefix, r.Name]),
    [
      ['cb', 'Setup'],
      [null, 'Setup'],
    ],
  );

  const viewer = createPermissionSet(emulator, org.id, {
    name: 'Setup_Viewer',
    userPermissions: ['ViewSetup'],
  });
  assignPermissionSet(emulator, org.id, standard.id, viewer.name);
  const allowed = await query(client, 'SELECT ParentId FROM SetupEntityAccess');
  assert.equal(allowed.status, 200);
  assert.deepEqual(
    allowed.body.records.map((r) => r.ParentId),
    [set.id],
  );
});

test("the permission check's queries find the sets that enable a page", async () => {
  const { org, admin, set, packaged } = orgWithPages('SeaProduct');
  const client = restClient(emulator, org, admin.id);
  const pages = await query(
    client,
    "SELECT Id, Name, NamespacePrefix FROM ApexPage WHERE Name IN ('setup', 'Missing')",
  );
  assert.equal(pages.body.records.length, 2);
  const access = await query(
    client,
    `SELECT SetupEntityId, ParentId FROM SetupEntityAccess WHERE ParentId IN ('${set.id}') ` +
      `AND SetupEntityType = 'ApexPage' AND SetupEntityId IN ('${packaged.id}')`,
  );
  assert.equal(access.status, 200);
  assert.deepEqual(
    access.body.records.map((r) => [r.SetupEntityId, r.ParentId]),
    [[packaged.id, set.id]],
  );
  const otherType = await query(
    client,
    "SELECT Id FROM SetupEntityAccess WHERE SetupEntityType = 'ApexClass'",
  );
  assert.deepEqual(otherType.body.records, []);
});

test('a semi-join on ApexPage and the Parent relationship read as in Salesforce', async () => {
  const { org, admin } = orgWithPages('SeaJoin');
  const client = restClient(emulator, org, admin.id);
  const local = await query(
    client,
    'SELECT Id FROM SetupEntityAccess WHERE SetupEntityId IN ' +
      "(SELECT Id FROM ApexPage WHERE Name = 'Setup' AND NamespacePrefix = null)",
  );
  assert.equal(local.status, 200);
  assert.equal(local.body.records.length, 0, 'only the packaged page is enabled');
  const packaged = await query(
    client,
    'SELECT Parent.Name, SetupEntityType FROM SetupEntityAccess WHERE SetupEntityId IN ' +
      "(SELECT Id FROM ApexPage WHERE NamespacePrefix = 'cb')",
  );
  assert.deepEqual(
    packaged.body.records.map((r) => [(r.Parent as Row).Name, r.SetupEntityType]),
    [['Partner_Access', 'ApexPage']],
  );
  const children = await query(
    client,
    "SELECT Name, (SELECT SetupEntityId FROM SetupEntityAccessItems) FROM PermissionSet WHERE Name = 'Partner_Access'",
  );
  assert.equal(children.status, 200);
  const items = children.body.records[0]!.SetupEntityAccessItems as { records: Row[] };
  assert.equal(items.records.length, 1);
});

test('describe lists the documented fields, and the API cannot write either object', async () => {
  const { org, admin, set, local } = orgWithPages('SeaDescribe');
  const client = restClient(emulator, org, admin.id);
  const res = await client.get('/sobjects/SetupEntityAccess/describe');
  const describe = (await res.json()) as {
    createable: boolean;
    fields: Array<{ name: string }>;
  };
  assert.deepEqual(
    describe.fields.map((f) => f.name),
    ['Id', 'SystemModstamp', 'ParentId', 'SetupEntityId', 'SetupEntityType'],
  );
  assert.equal(describe.createable, false);
  const insert = await client.request('POST', '/sobjects/SetupEntityAccess', {
    ParentId: set.id,
    SetupEntityId: local.id,
  });
  assert.equal(insert.status, 400);
  const [error] = (await insert.json()) as Array<{ errorCode: string }>;
  assert.equal(error?.errorCode, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
  const rename = await client.request('PATCH', `/sobjects/ApexPage/${local.id}`, { Name: 'X' });
  assert.equal(rename.status, 400);
});
