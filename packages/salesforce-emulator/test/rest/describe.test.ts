import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { addLookupField, restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);
const admin = restClient(emulator, seeded.org, seeded.admin.id, '58.0');
const standard = restClient(emulator, seeded.org, seeded.standard.id, '58.0');
const integration = restClient(emulator, seeded.org, seeded.integration.id, '58.0');

type Json = Record<string, unknown>;

/** The keys of a describe field, in order, as a real v48 org sends them (CumulusCI cassette). */
const FIELD_KEYS = [
  'aggregatable',
  'aiPredictionField',
  'autoNumber',
  'byteLength',
  'calculated',
  'calculatedFormula',
  'cascadeDelete',
  'caseSensitive',
  'compoundFieldName',
  'controllerName',
  'createable',
  'custom',
  'defaultValue',
  'defaultValueFormula',
  'defaultedOnCreate',
  'dependentPicklist',
  'deprecatedAndHidden',
  'digits',
  'displayLocationInDecimal',
  'encrypted',
  'externalId',
  'extraTypeInfo',
  'filterable',
  'filteredLookupInfo',
  'formulaTreatNullNumberAsZero',
  'groupable',
  'highScaleNumber',
  'htmlFormatted',
  'idLookup',
  'inlineHelpText',
  'label',
  'length',
  'mask',
  'maskType',
  'name',
  'nameField',
  'namePointing',
  'nillable',
  'permissionable',
  'picklistValues',
  'polymorphicForeignKey',
  'precision',
  'queryByDistance',
  'referenceTargetField',
  'referenceTo',
  'relationshipName',
  'relationshipOrder',
  'restrictedDelete',
  'restrictedPicklist',
  'scale',
  'searchPrefilterable',
  'soapType',
  'sortable',
  'type',
  'unique',
  'updateable',
  'writeRequiresMasterRead',
];

async function describeGlobal(client: typeof admin) {
  const res = await client.get('/sobjects');
  assert.equal(res.status, 200);
  return (await res.json()) as { encoding: string; maxBatchSize: number; sobjects: Json[] };
}

test('describeGlobal has the envelope and per-object flags and urls', async () => {
  const body = await describeGlobal(admin);
  assert.equal(body.encoding, 'UTF-8');
  assert.equal(body.maxBatchSize, 200);
  const account = body.sobjects.find((o) => o.name === 'Account')!;
  assert.deepEqual(Object.keys(account), [
    'activateable',
    'associateEntityType',
    'associateParentEntity',
    'createable',
    'custom',
    'customSetting',
    'deepCloneable',
    'deletable',
    'deprecatedAndHidden',
    'feedEnabled',
    'hasSubtypes',
    'isInterface',
    'isSubtype',
    'keyPrefix',
    'label',
    'labelPlural',
    'layoutable',
    'mergeable',
    'mruEnabled',
    'name',
    'queryable',
    'replicateable',
    'retrieveable',
    'searchable',
    'triggerable',
    'undeletable',
    'updateable',
    'urls',
  ]);
  assert.equal(account.keyPrefix, '001');
  assert.equal(account.labelPlural, 'Accounts');
  assert.equal(account.createable, true);
  assert.equal(account.mergeable, true);
  const urls = account.urls as Record<string, string>;
  assert.equal(urls.sobject, '/services/data/v58.0/sobjects/Account');
  assert.equal(urls.describe, '/services/data/v58.0/sobjects/Account/describe');
  assert.equal(urls.rowTemplate, '/services/data/v58.0/sobjects/Account/{ID}');
  const profile = body.sobjects.find((o) => o.name === 'Profile')!;
  assert.equal(profile.createable, false);
  assert.equal(profile.layoutable, false);
});

test('describeGlobal reflects the caller: flags AND-ed with access, unreadable objects left out', async () => {
  const std = await describeGlobal(standard);
  const campaign = std.sobjects.find((o) => o.name === 'Campaign')!;
  assert.equal(campaign.queryable, true);
  assert.equal(campaign.createable, false);
  assert.equal(campaign.updateable, false);
  assert.equal(campaign.deletable, false);
  assert.equal(std.sobjects.find((o) => o.name === 'Account')?.createable, true);
  assert.equal(
    std.sobjects.some((o) => o.name === 'ObjectPermissions'),
    false,
    'ObjectPermissions needs View Setup',
  );
  const adm = await describeGlobal(admin);
  assert.ok(adm.sobjects.some((o) => o.name === 'ObjectPermissions'));
  const names = (await describeGlobal(integration)).sobjects.map((o) => o.name);
  assert.equal(names.includes('Account'), false);
  assert.equal(names.includes('Contact'), false);
  assert.ok(names.includes('User'));
});

test('GET /sobjects/X gives objectDescribe and recentItems', async () => {
  const res = await standard.get('/sobjects/Account');
  assert.equal(res.status, 200);
  const body = (await res.json()) as { objectDescribe: Json; recentItems: unknown[] };
  assert.equal(body.objectDescribe.name, 'Account');
  assert.deepEqual(body.recentItems, []);
});

test('the full describe has the real top-level keys, fields and the Master record type', async () => {
  const res = await admin.get('/sobjects/account/describe');
  assert.equal(res.status, 200);
  const d = (await res.json()) as Json;
  for (const key of [
    'actionOverrides',
    'activateable',
    'childRelationships',
    'compactLayoutable',
    'createable',
    'custom',
    'customSetting',
    'deletable',
    'deprecatedAndHidden',
    'feedEnabled',
    'fields',
    'hasSubtypes',
    'isInterface',
    'isSubtype',
    'keyPrefix',
    'label',
    'labelPlural',
    'layoutable',
    'listviewable',
    'lookupLayoutable',
    'mergeable',
    'mruEnabled',
    'name',
    'namedLayoutInfos',
    'networkScopeFieldName',
    'queryable',
    'recordTypeInfos',
    'replicateable',
    'retrieveable',
    'searchLayoutable',
    'searchable',
    'supportedScopes',
    'triggerable',
    'undeletable',
    'updateable',
    'urls',
  ]) {
    assert.ok(key in d, `describe has ${key}`);
  }
  assert.ok(Object.keys(d).length >= 42);
  assert.equal(d.name, 'Account');
  const recordTypes = d.recordTypeInfos as Json[];
  assert.equal(recordTypes.length, 1);
  assert.equal(recordTypes[0]!.recordTypeId, '012000000000000AAA');
  assert.equal(recordTypes[0]!.master, true);
  const scopes = d.supportedScopes as Json[];
  assert.deepEqual(
    scopes.map((s) => s.name),
    ['everything', 'mine', 'team'],
  );
});

test('describe fields carry the 57 keys of a real org with Salesforce types and soapTypes', async () => {
  const d = (await (await admin.get('/sobjects/Account/describe')).json()) as { fields: Json[] };
  const byName = new Map(d.fields.map((f) => [f.name as string, f]));
  assert.equal(d.fields[0]!.name, 'Id');
  const id = byName.get('Id')!;
  for (const f of d.fields) assert.deepEqual(Object.keys(f), FIELD_KEYS);
  assert.equal(id.type, 'id');
  assert.equal(id.soapType, 'tns:ID');
  assert.equal(id.createable, false);
  assert.equal(id.idLookup, true);
  const name = byName.get('Name')!;
  assert.equal(name.soapType, 'xsd:string');
  assert.equal(name.length, 255);
  assert.equal(name.byteLength, 765);
  assert.equal(name.nillable, false);
  assert.equal(name.nameField, true);
  assert.equal(byName.get('IsDeleted')!.soapType, 'xsd:boolean');
  assert.equal(byName.get('AnnualRevenue')!.soapType, 'xsd:double');
  assert.equal(byName.get('NumberOfEmployees')!.soapType, 'xsd:int');
  assert.equal(byName.get('NumberOfEmployees')!.digits, 8);
  assert.equal(byName.get('LastActivityDate')!.soapType, 'xsd:date');
  assert.equal(byName.get('CreatedDate')!.soapType, 'xsd:dateTime');
  assert.equal(byName.get('BillingCity')!.compoundFieldName, 'BillingAddress');
  const parent = byName.get('ParentId')!;
  assert.equal(parent.type, 'reference');
  assert.deepEqual(parent.referenceTo, ['Account']);
  assert.equal(parent.relationshipName, 'Parent');
  const type = byName.get('Type')!;
  assert.deepEqual((type.picklistValues as Json[])[0], {
    active: true,
    defaultValue: false,
    label: 'Prospect',
    validFor: null,
    value: 'Prospect',
  });
});

test('childRelationships come from every lookup pointing at the object', async () => {
  const d = (await (await admin.get('/sobjects/Account/describe')).json()) as {
    childRelationships: Json[];
  };
  const contacts = d.childRelationships.find(
    (r) => r.childSObject === 'Contact' && r.field === 'AccountId',
  );
  assert.deepEqual(contacts, {
    cascadeDelete: true,
    childSObject: 'Contact',
    deprecatedAndHidden: false,
    field: 'AccountId',
    junctionIdListNames: [],
    junctionReferenceTo: [],
    relationshipName: 'Contacts',
    restrictedDelete: false,
  });
  const child = d.childRelationships.find((r) => r.field === 'ParentId');
  assert.equal(child?.relationshipName, 'ChildAccounts');
  assert.ok(d.childRelationships.some((r) => r.childSObject === 'Task' && r.field === 'WhatId'));
  const user = (await (await admin.get('/sobjects/User/describe')).json()) as {
    childRelationships: Json[];
  };
  const audit = user.childRelationships.find(
    (r) => r.childSObject === 'Account' && r.field === 'CreatedById',
  );
  assert.equal(audit?.relationshipName, null, 'audit lookups cannot be subqueried');
});

test('describe flags reflect a user without write access', async () => {
  const d = (await (await standard.get('/sobjects/Campaign/describe')).json()) as Json & {
    fields: Json[];
  };
  assert.equal(d.queryable, true);
  assert.equal(d.createable, false);
  assert.equal(d.updateable, false);
  assert.equal(d.deletable, false);
  const name = d.fields.find((f) => f.name === 'Name')!;
  assert.equal(name.createable, false);
  assert.equal(name.updateable, false);
  const adminView = (await (await admin.get('/sobjects/Campaign/describe')).json()) as {
    fields: Json[];
  };
  assert.equal(adminView.fields.find((f) => f.name === 'Name')!.createable, true);
});

test('describing an object the caller cannot read is 404 NOT_FOUND', async () => {
  for (const path of ['/sobjects/Account/describe', '/sobjects/Account']) {
    const res = await integration.get(path);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), [
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  }
  const unknown = await admin.get('/sobjects/Xyzzy__c/describe');
  assert.equal(unknown.status, 404);
});

test('If-Modified-Since answers 304 until the schema changes', async () => {
  const org = emulator.createOrg({ name: 'Schema Co' });
  const user = emulator.createUser(org.id, {
    username: `admin@schema.${Math.random().toString(36).slice(2)}.example`,
    profile: 'System Administrator',
  });
  const api = restClient(emulator, org, user.id, '58.0');
  const later = new Date(emulator.clock.now() + 5000).toUTCString();
  const earlier = new Date(emulator.clock.now() - 3_600_000).toUTCString();
  for (const path of ['/sobjects/Account/describe', '/sobjects']) {
    const notModified = await api.get(path, { 'if-modified-since': later });
    assert.equal(notModified.status, 304);
    assert.equal(await notModified.text(), '');
    assert.equal((await api.get(path, { 'if-modified-since': earlier })).status, 200);
    assert.equal((await api.get(path, { 'if-modified-since': 'not a date' })).status, 200);
  }
  emulator.clock.advance(60_000);
  addLookupField(emulator, org, 'Account', 'Ext_Id__c');
  const res = await api.get('/sobjects/Account/describe', { 'if-modified-since': later });
  assert.equal(res.status, 200);
  const d = (await res.json()) as { fields: Json[] };
  const ext = d.fields.find((f) => f.name === 'Ext_Id__c')!;
  assert.equal(ext.externalId, true);
  assert.equal(ext.idLookup, true);
  assert.equal(ext.custom, true);
});
