import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addCustomField,
  createCustomObject,
  createRecordAs,
  removeCustomObject,
  removeField,
} from '../../src/index.ts';
import type { ObjectDefinition, FieldDefinition } from '../../src/schema/field-definition.ts';
import { computeAccess, objectAccess } from '../../src/security/access.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('a custom object gets a Name field, an a0X key prefix and admin-only access', async () => {
  const { org, admin, standard } = seedBasicOrg(running, { name: 'CustomObject' });
  const res = await control<ObjectDefinition>(running, 'POST', `/orgs/${org.id}/objects`, {
    name: 'Invoice__c',
    label: 'Invoice',
    bulkSupported: false,
    fields: [{ name: 'Total__c', type: 'currency' }],
  });
  assert.equal(res.status, 201);
  assert.match(res.body.keyPrefix, /^a0[0-9A-Za-z]$/);
  assert.equal(res.body.custom, true);
  assert.equal(res.body.bulkSupported, false);
  const def = org.schema.get('Invoice__c')!;
  assert.deepEqual(
    def.fields.map((f) => f.name),
    [
      'Id',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'OwnerId',
      'Name',
      'Total__c',
    ],
  );
  const adminProfileSet = [...org.tables.get('PermissionSet')!.rows.values()].find(
    (p) => p.IsOwnedByProfile === true && p.Label === 'System Administrator',
  );
  const grant = [...org.tables.get('ObjectPermissions')!.rows.values()].find(
    (op) => op.SobjectType === 'Invoice__c',
  );
  assert.equal(grant?.ParentId, adminProfileSet?.Id);
  assert.equal(grant?.PermissionsModifyAllRecords, true);
  assert.equal(objectAccess(computeAccess(org, admin.id), def).modifyAll, true);
  assert.equal(objectAccess(computeAccess(org, standard.id), def).read, false);
  const saved = createRecordAs(
    emulator,
    org.id,
    'Invoice__c',
    { Name: 'INV-1', Total__c: 10 },
    admin.id,
  );
  assert.equal(saved.success, true);
  assert.ok(saved.id?.startsWith(res.body.keyPrefix));
});

test('custom object names and key prefixes are validated', async () => {
  const { org } = seedBasicOrg(running, { name: 'BadObjects' });
  for (const body of [
    { name: 'Invoice' },
    { name: 'Bad__Name__c' },
    { name: 'Account' },
    { name: 'Dup__c', keyPrefix: '001' },
  ]) {
    const res = await control(running, 'POST', `/orgs/${org.id}/objects`, body);
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  createCustomObject(emulator, org.id, { name: 'Once__c' });
  assert.throws(() => createCustomObject(emulator, org.id, { name: 'once__c' }), /exists/);
});

test('a custom field on a standard object is added to existing records and bumps the schema time', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'AddField' });
  const before = createRecordAs(emulator, org.id, 'Account', { Name: 'Before' }, admin.id);
  org.schemaModifiedAt = 0;
  const res = await control<FieldDefinition>(
    running,
    'POST',
    `/orgs/${org.id}/objects/Account/fields`,
    {
      name: 'Region__c',
      type: 'picklist',
      picklistValues: ['EMEA', 'AMER', 'APAC'],
      required: false,
    },
  );
  assert.equal(res.status, 201);
  assert.equal(res.body.custom, true);
  assert.equal(res.body.label, 'Region');
  addCustomField(emulator, org.id, 'Account', { name: 'Vip__c', type: 'boolean' });
  const row = org.tables.get('Account')!.rows.get(before.id!)!;
  assert.equal(row.Region__c, null);
  assert.equal(row.Vip__c, false);
  assert.ok((org.schemaModifiedAt ?? 0) > 0);
  const after = createRecordAs(
    emulator,
    org.id,
    'Account',
    { Name: 'After', Region__c: 'EMEA' },
    admin.id,
  );
  assert.equal(org.tables.get('Account')!.rows.get(after.id!)?.Region__c, 'EMEA');
});

test('an external id field is indexed and enforces uniqueness', () => {
  const { org, admin } = seedBasicOrg(running, { name: 'ExternalId' });
  addCustomField(emulator, org.id, 'Contact', {
    name: 'Ext_Id__c',
    type: 'string',
    length: 40,
    externalId: true,
    unique: true,
  });
  const first = createRecordAs(
    emulator,
    org.id,
    'Contact',
    { LastName: 'One', Ext_Id__c: 'E-1' },
    admin.id,
  );
  assert.equal(org.tables.get('Contact')!.uniqueIndexes.get('ext_id__c')?.get('e-1'), first.id);
  const dup = createRecordAs(
    emulator,
    org.id,
    'Contact',
    { LastName: 'Two', Ext_Id__c: 'E-1' },
    admin.id,
  );
  assert.equal(dup.success, false);
  assert.equal(dup.errors[0]?.statusCode, 'DUPLICATE_VALUE');
});

test('bad custom field specs are refused', async () => {
  const { org } = seedBasicOrg(running, { name: 'BadFields' });
  for (const body of [
    { name: 'NoSuffix', type: 'string' },
    { name: 'Kind__c', type: 'blob' },
    { name: 'Pick__c', type: 'picklist' },
    { name: 'Ref__c', type: 'reference', referenceTo: 'Nope__c' },
    { name: 'Ext__c', type: 'date', externalId: true },
    { name: 'Long__c', type: 'string', length: 1000 },
    { name: 'Default__c', type: 'int', defaultValue: 'many' },
    { name: 'Name', type: 'string' },
  ]) {
    const res = await control(running, 'POST', `/orgs/${org.id}/objects/Account/fields`, body);
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  const noObject = await control(running, 'POST', `/orgs/${org.id}/objects/Nope__c/fields`, {
    name: 'X__c',
    type: 'string',
  });
  assert.equal(noObject.status, 404);
});

test('removing a custom field removes it from the schema and every record', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'RemoveField' });
  addCustomField(emulator, org.id, 'Lead', { name: 'Score__c', type: 'double', externalId: true });
  const saved = createRecordAs(
    emulator,
    org.id,
    'Lead',
    { LastName: 'L', Company: 'C', Score__c: 7 },
    admin.id,
  );
  const res = await control(running, 'DELETE', `/orgs/${org.id}/objects/Lead/fields/Score__c`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { object: 'Lead', field: 'Score__c' });
  const def = org.schema.get('Lead')!;
  assert.equal(
    def.fields.some((f) => f.name === 'Score__c'),
    false,
  );
  const table = org.tables.get('Lead')!;
  assert.equal(table.definition, def);
  assert.equal('Score__c' in table.rows.get(saved.id!)!, false);
  assert.equal(table.uniqueIndexes.has('score__c'), false);
  const standard = await control(running, 'DELETE', `/orgs/${org.id}/objects/Lead/fields/Company`);
  assert.equal(standard.status, 400);
  assert.throws(() => removeField(emulator, org.id, 'Lead', 'Score__c'), /no field/);
});

test('removing a custom object drops its records and permissions', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'RemoveObject' });
  createCustomObject(emulator, org.id, { name: 'Temp__c' });
  createRecordAs(emulator, org.id, 'Temp__c', { Name: 'T' }, admin.id);
  const res = await control(running, 'DELETE', `/orgs/${org.id}/objects/Temp__c`);
  assert.equal(res.status, 200);
  assert.equal(org.schema.has('Temp__c'), false);
  assert.equal(org.tables.has('Temp__c'), false);
  assert.equal(
    [...org.tables.get('ObjectPermissions')!.rows.values()].some(
      (op) => op.SobjectType === 'Temp__c',
    ),
    false,
  );
  const standard = await control(running, 'DELETE', `/orgs/${org.id}/objects/Account`);
  assert.equal(standard.status, 400);
  createCustomObject(emulator, org.id, { name: 'Parent__c' });
  addCustomField(emulator, org.id, 'Account', {
    name: 'Parent__c',
    type: 'reference',
    referenceTo: 'Parent__c',
  });
  assert.throws(() => removeCustomObject(emulator, org.id, 'Parent__c'), /refers to/);
});

test('GET /orgs/:id/objects lists standard and custom objects', async () => {
  const { org } = seedBasicOrg(running, { name: 'ListObjects' });
  createCustomObject(emulator, org.id, { name: 'Listed__c' });
  const res = await control<Array<{ name: string; custom: boolean }>>(
    running,
    'GET',
    `/orgs/${org.id}/objects`,
  );
  assert.ok(res.body.some((o) => o.name === 'Account' && !o.custom));
  assert.ok(res.body.some((o) => o.name === 'Listed__c' && o.custom));
});
