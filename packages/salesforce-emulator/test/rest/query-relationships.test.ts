import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertRecord } from '../../src/data/record-operations.ts';
import { field, sobject } from '../../src/schema/field-definition.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient, type ChildRows, type Row } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;

const { org, admin, standard } = seedBasicOrg(running);
org.schema.set(
  'Invoice__c',
  sobject('Invoice__c', 'a01', [
    field('Name', 'string', { nameField: true }),
    field('Account__c', 'reference', { referenceTo: ['Account'] }),
  ]),
);
const insert = (object: string, values: Record<string, unknown>) =>
  insertRecord(emulator.data, org, object, values, { actorId: admin.id });
const parent = insert('Account', { Name: 'Parent Co' });
const acme = insert('Account', { Name: 'Acme', ParentId: parent.Id, OwnerId: standard.id });
insert('Account', { Name: 'Lonely' });
const smith = insert('Contact', { LastName: 'Smith', FirstName: 'Ann', AccountId: acme.Id });
const jones = insert('Contact', { LastName: 'Jones', AccountId: acme.Id });
const orphan = insert('Contact', { LastName: 'Orphan' });
const opp = insert('Opportunity', {
  Name: 'Big Deal',
  AccountId: acme.Id,
  StageName: 'Prospecting',
  CloseDate: '2024-06-30',
});
insert('Task', { Subject: 'Call', WhatId: acme.Id, WhoId: smith.Id });
insert('Task', { Subject: 'Other', WhatId: opp.Id });
const invoice = insert('Invoice__c', { Name: 'INV-1', Account__c: acme.Id });
const client = queryClient(running, org, admin.id);
const url = (type: string, id: string) => `/services/data/v60.0/sobjects/${type}/${id}`;

async function records(soql: string): Promise<[Row, ...Row[]]> {
  const res = await client.query(soql);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.ok(res.body.records.length > 0);
  return res.body.records as [Row, ...Row[]];
}
const child = (row: Row | undefined, key: string) => row![key] as ChildRows;
const parentOf = (row: Row | undefined, key: string) => row![key] as Row;

test('parent fields render as nested records with their own attributes', async () => {
  const [row] = await records(
    `SELECT Id, Account.Name, Owner.Name, CreatedBy.Username FROM Contact WHERE Id = '${smith.Id}'`,
  );
  assert.deepEqual(row, {
    attributes: { type: 'Contact', url: url('Contact', smith.Id) },
    Id: smith.Id,
    Account: { attributes: { type: 'Account', url: url('Account', acme.Id) }, Name: 'Acme' },
    Owner: { attributes: { type: 'User', url: url('User', admin.id) }, Name: 'Ada Admin' },
    CreatedBy: {
      attributes: { type: 'User', url: url('User', admin.id) },
      Username: admin.username,
    },
  });
});

test('two-level parent paths nest twice and share the first level', async () => {
  const [row] = await records(
    `SELECT Account.Name, Account.Owner.Name, Account.Parent.Name FROM Contact WHERE Id = '${jones.Id}'`,
  );
  assert.deepEqual(row.Account, {
    attributes: { type: 'Account', url: url('Account', acme.Id) },
    Name: 'Acme',
    Owner: { attributes: { type: 'User', url: url('User', standard.id) }, Name: 'Sam Standard' },
    Parent: { attributes: { type: 'Account', url: url('Account', parent.Id) }, Name: 'Parent Co' },
  });
});

test('an empty lookup renders as null', async () => {
  const [row] = await records(`SELECT Id, Account.Name FROM Contact WHERE Id = '${orphan.Id}'`);
  assert.equal(row.Account, null);
  const flat = await records(`SELECT Id, AccountId FROM Contact WHERE Id = '${orphan.Id}'`);
  assert.equal(flat[0].AccountId, null);
});

test('polymorphic What and Who resolve by the id key prefix', async () => {
  const rows = await records(
    'SELECT Subject, What.Name, What.Type, Who.Name FROM Task ORDER BY Subject',
  );
  assert.deepEqual(
    rows.map((r) => [r.Subject, r.What, r.Who]),
    [
      [
        'Call',
        {
          attributes: { type: 'Account', url: url('Account', acme.Id) },
          Name: 'Acme',
          Type: 'Account',
        },
        { attributes: { type: 'Contact', url: url('Contact', smith.Id) }, Name: 'Ann Smith' },
      ],
      [
        'Other',
        {
          attributes: { type: 'Opportunity', url: url('Opportunity', opp.Id) },
          Name: 'Big Deal',
          Type: 'Opportunity',
        },
        null,
      ],
    ],
  );
});

test('child subqueries nest {totalSize, done, records}, or null without children', async () => {
  const rows = await records(
    "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName), (SELECT Name FROM Opportunities) FROM Account WHERE Name IN ('Acme', 'Lonely') ORDER BY Name",
  );
  assert.deepEqual(rows[0].Contacts, {
    totalSize: 2,
    done: true,
    records: [
      { attributes: { type: 'Contact', url: url('Contact', jones.Id) }, LastName: 'Jones' },
      { attributes: { type: 'Contact', url: url('Contact', smith.Id) }, LastName: 'Smith' },
    ],
  });
  assert.equal(child(rows[0], 'Opportunities').records[0]!.Name, 'Big Deal');
  assert.equal(rows[1]!.Name, 'Lonely');
  assert.equal(rows[1]!.Contacts, null);
  assert.equal(rows[1]!.Opportunities, null);
  assert.deepEqual(Object.keys(rows[0]), ['attributes', 'Name', 'Contacts', 'Opportunities']);
});

test('child subqueries apply their own WHERE, ORDER BY and LIMIT per parent', async () => {
  const [row] = await records(
    `SELECT Id, (SELECT LastName FROM Contacts WHERE LastName != 'Jones' ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Id = '${acme.Id}'`,
  );
  assert.deepEqual(
    child(row, 'Contacts').records.map((r) => r.LastName),
    ['Smith'],
  );
  const [limited] = await records(
    `SELECT Id, (SELECT Id FROM Contacts ORDER BY LastName LIMIT 1) FROM Account WHERE Id = '${acme.Id}'`,
  );
  assert.deepEqual(
    child(limited, 'Contacts').records.map((r) => r.Id),
    [jones.Id],
  );
});

test('Tasks, ChildAccounts and custom __r child relationships are queryable', async () => {
  const [row] = await records(
    `SELECT Id, (SELECT Subject FROM Tasks), (SELECT Name FROM ChildAccounts), (SELECT Name, Account__r.Name FROM Invoices__r) FROM Account WHERE Id = '${acme.Id}'`,
  );
  assert.deepEqual(
    child(row, 'Tasks').records.map((r) => r.Subject),
    ['Call'],
  );
  assert.equal(row.ChildAccounts, null);
  assert.deepEqual(child(row, 'Invoices__r').records[0], {
    attributes: { type: 'Invoice__c', url: url('Invoice__c', invoice.Id) },
    Name: 'INV-1',
    Account__r: { attributes: { type: 'Account', url: url('Account', acme.Id) }, Name: 'Acme' },
  });
  const [top] = await records(
    `SELECT (SELECT Name FROM ChildAccounts) FROM Account WHERE Id = '${parent.Id}'`,
  );
  assert.equal(child(top, 'ChildAccounts').records[0]!.Name, 'Acme');
});

test('names are case-insensitive and come back in the schema spelling', async () => {
  const [row] = await records(
    `select id, NAME, (select LASTNAME from contacts) from ACCOUNT where ID = '${acme.Id}'`,
  );
  assert.deepEqual(Object.keys(row), ['attributes', 'Id', 'Name', 'Contacts']);
  assert.equal(row.attributes.type, 'Account');
  assert.deepEqual(Object.keys(child(row, 'Contacts').records[0]!), ['attributes', 'LastName']);
  const [contact] = await records(`select account.NAME from contact where id = '${smith.Id}'`);
  assert.deepEqual(Object.keys(parentOf(contact, 'Account')), ['attributes', 'Name']);
});

test('ORDER BY sorts by parent fields, nulls first by default', async () => {
  const rows = await records('SELECT LastName FROM Contact ORDER BY Account.Name, LastName');
  assert.deepEqual(
    rows.map((r) => r.LastName),
    ['Orphan', 'Jones', 'Smith'],
  );
  const last = await records(
    'SELECT LastName FROM Contact ORDER BY Account.Name DESC NULLS LAST, LastName DESC',
  );
  assert.deepEqual(
    last.map((r) => r.LastName),
    ['Smith', 'Jones', 'Orphan'],
  );
});

test('an unknown relationship is INVALID_FIELD and an unknown child relationship INVALID_TYPE', async () => {
  const parentError = await client.query('SELECT Id, Acount.Name FROM Contact');
  assert.equal(parentError.status, 400);
  assert.equal(parentError.body[0]!.errorCode, 'INVALID_FIELD');
  assert.match(
    parentError.body[0]!.message,
    /ERROR at Row:1:Column:12\nDidn't understand relationship 'Acount' in field path\. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name\./,
  );
  const childError = await client.query('SELECT Id, (SELECT Id FROM Contact) FROM Account');
  assert.equal(childError.body[0]!.errorCode, 'INVALID_TYPE');
  assert.match(
    childError.body[0]!.message,
    /Didn't understand relationship 'Contact' in FROM part of query call/,
  );
  const fieldError = await client.query('SELECT Account.Nme FROM Contact');
  assert.match(fieldError.body[0]!.message, /No such column 'Nme' on entity 'Account'/);
});
