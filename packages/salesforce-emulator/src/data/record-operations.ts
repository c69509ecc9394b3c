import { formatDateTime, truncateToSecond } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../model/org.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import { SalesforceError, invalidType, notFound } from '../salesforce-error.ts';
import { coerceFieldValue, type ValueSource } from './field-values.ts';
import { SObjectTable, type SObjectRecord } from './sobject-table.ts';

/** What the record operations need from the emulator. */
export interface DataContext {
  clock: Clock;
  ids: IdGenerator;
}

/** Options of one DML call. */
export interface WriteOptions {
  /** The user doing the write: CreatedById, LastModifiedById, default OwnerId. */
  actorId: string;
  source?: ValueSource;
  /** Set SystemModstamp and the audit dates to this instead of now (seeding history). */
  at?: number;
}

/** Objects whose rows decide permissions; a write to them invalidates cached access. */
const PERMISSION_OBJECTS = new Set(['Profile', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'User']);

/** How long deleted records stay in the recycle bin (and the `deleted` resource can see them). */
export const RECYCLE_BIN_MS = 15 * 24 * 3600 * 1000;

/** Finds an object by API name, case-insensitively as Salesforce does. */
export function findObject(org: Org, name: string): ObjectDefinition | undefined {
  const exact = org.schema.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const def of org.schema.values()) if (def.name.toLowerCase() === lower) return def;
  return undefined;
}

/** The object definition, or `INVALID_TYPE` as Salesforce answers for an unknown sObject. */
export function requireObject(org: Org, name: string): ObjectDefinition {
  const def = findObject(org, name);
  if (!def) throw invalidType(name);
  return def;
}

export function findField(def: ObjectDefinition, name: string): FieldDefinition | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

/** The table of an object, created on first use. */
export function tableFor(org: Org, def: ObjectDefinition): SObjectTable {
  let table = org.tables.get(def.name);
  if (!table) {
    table = new SObjectTable(def);
    org.tables.set(def.name, table);
  }
  return table;
}

/** The object a record id belongs to, from its key prefix. */
export function objectForId(org: Org, id: string): ObjectDefinition | undefined {
  const prefix = id.slice(0, 3);
  for (const def of org.schema.values()) if (def.keyPrefix === prefix) return def;
  return undefined;
}

/** A live record by id, or undefined. */
export function findRecord(org: Org, id: string): { def: ObjectDefinition; record: SObjectRecord } | undefined {
  const full = normalizeId(id);
  if (!full) return undefined;
  const def = objectForId(org, full);
  if (!def) return undefined;
  const record = org.tables.get(def.name)?.rows.get(full);
  return record ? { def, record } : undefined;
}

function unknownField(def: ObjectDefinition, name: string): SalesforceError {
  return new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
}

function notWritable(names: string[]): SalesforceError {
  return new SalesforceError(
    400,
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    names,
  );
}

function applyDerivedFields(def: ObjectDefinition, record: SObjectRecord): void {
  if (findField(def, 'FirstName') && findField(def, 'LastName') && findField(def, 'Name')) {
    record.Name = [record.FirstName, record.LastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ');
  }
  if (def.name === 'Opportunity' && typeof record.StageName === 'string') {
    record.IsClosed = record.StageName.startsWith('Closed');
    record.IsWon = record.StageName === 'Closed Won';
  }
}

function checkReferences(org: Org, def: ObjectDefinition, values: Record<string, unknown>): void {
  for (const f of def.fields) {
    if (f.type !== 'reference') continue;
    const value = values[f.name];
    if (typeof value !== 'string') continue;
    const target = objectForId(org, value);
    if (!target || !f.referenceTo.includes(target.name)) {
      throw new SalesforceError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${value}`, [f.name]);
    }
    if (!org.tables.get(target.name)?.rows.has(value)) {
      throw new SalesforceError(
        400,
        'INVALID_CROSS_REFERENCE_KEY',
        `invalid cross reference id`,
        [f.name],
      );
    }
  }
}

function checkUnique(table: SObjectTable, values: Record<string, unknown>, selfId: string | null): void {
  for (const [lowerName, index] of table.uniqueIndexes) {
    const f = findField(table.definition, lowerName);
    if (!f) continue;
    const value = values[f.name];
    if (value === null || value === undefined || value === '') continue;
    const holder = index.get(SObjectTable.indexKey(value));
    if (holder && holder !== selfId) {
      throw new SalesforceError(
        400,
        'DUPLICATE_VALUE',
        `duplicate value found: ${f.name} duplicates value on record with id: ${holder}`,
        [],
      );
    }
  }
}

/** Coerces a request body into field values, rejecting unknown and unwritable fields. */
function coerceValues(
  def: ObjectDefinition,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
  source: ValueSource,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const unwritable: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes') continue;
    if (key === 'Id' && mode === 'update') continue;
    const f = findField(def, key);
    if (!f) throw unknownField(def, key);
    if (key === 'Id' && mode === 'create') {
      throw new SalesforceError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
    }
    if (mode === 'create' ? !f.createable : !f.updateable) {
      unwritable.push(f.name);
      continue;
    }
    out[f.name] = coerceFieldValue(f, raw, source);
  }
  if (unwritable.length > 0) throw notWritable(unwritable);
  return out;
}

/**
 * Keeps the user's PermissionSetAssignment to their profile's own permission set
 * (IsOwnedByProfile) in step with `User.ProfileId`: Salesforce lists that assignment for every
 * user, so clients compute effective permissions by OR-ing over PermissionSetAssignment alone.
 */
function syncProfileAssignment(ctx: DataContext, org: Org, user: SObjectRecord, options: WriteOptions): void {
  const sets = org.tables.get('PermissionSet')?.rows;
  const wanted = [...(sets?.values() ?? [])].find((ps) => ps.IsOwnedByProfile === true && ps.ProfileId === user.ProfileId);
  const assignments = org.tables.get('PermissionSetAssignment')?.rows;
  for (const a of [...(assignments?.values() ?? [])]) {
    if (a.AssigneeId !== user.Id || typeof a.PermissionSetId !== 'string') continue;
    if (sets?.get(a.PermissionSetId)?.IsOwnedByProfile === true && a.PermissionSetId !== wanted?.Id) {
      deleteRecord(ctx, org, a.Id, options);
      // A replaced profile assignment is gone for good, not in the recycle bin.
      tableFor(org, requireObject(org, 'PermissionSetAssignment')).recycleBin.delete(a.Id);
    }
  }
  const has = [...(assignments?.values() ?? [])].some((a) => a.AssigneeId === user.Id && a.PermissionSetId === wanted?.Id);
  if (wanted && !has) {
    insertRecord(ctx, org, 'PermissionSetAssignment', { AssigneeId: user.Id, PermissionSetId: wanted.Id }, options);
  }
}

function bumpPermissions(org: Org, def: ObjectDefinition): void {
  if (PERMISSION_OBJECTS.has(def.name)) org.permissionsVersion += 1;
}

const templates = new WeakMap<ObjectDefinition, { fieldCount: number; template: SObjectRecord }>();

/**
 * An empty record of an object (every field null), to clone for new rows. Objects built key by
 * key fall into V8's dictionary mode past a dozen keys (about 3x the memory, 10x slower scans
 * of large tables); clones of one template share a single fast hidden class.
 */
function recordTemplate(def: ObjectDefinition): SObjectRecord {
  const hit = templates.get(def);
  if (hit && hit.fieldCount === def.fields.length) return hit.template;
  const shape: Record<string, null> = { Id: null };
  for (const f of def.fields) shape[f.name] = null;
  const template = JSON.parse(JSON.stringify(shape)) as SObjectRecord;
  templates.set(def, { fieldCount: def.fields.length, template });
  return template;
}

/**
 * Inserts a record as Salesforce does: validates fields, applies defaults, stamps the audit
 * fields (to the second), checks required fields, references and unique values.
 * Fails with a {@link SalesforceError} carrying Salesforce's code; nothing is written then.
 */
export function insertRecord(
  ctx: DataContext,
  org: Org,
  objectName: string,
  input: Record<string, unknown>,
  options: WriteOptions,
): SObjectRecord {
  const def = requireObject(org, objectName);
  const table = tableFor(org, def);
  const values = coerceValues(def, input, 'create', options.source ?? 'json');
  const missing: string[] = [];
  for (const f of def.fields) {
    if (f.name in values) continue;
    if (f.defaultedOnCreate || f.defaultValue !== null) {
      if (f.defaultValue !== null) values[f.name] = f.defaultValue;
      continue;
    }
    if (!f.nillable && f.createable) missing.push(f.name);
  }
  for (const f of def.fields) {
    if (!f.nillable && f.createable && f.name in values && (values[f.name] === null || values[f.name] === '')) {
      missing.push(f.name);
    }
  }
  if (missing.length > 0) {
    throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }
  checkReferences(org, def, values);
  checkUnique(table, values, null);
  const stamp = formatDateTime(truncateToSecond(options.at ?? ctx.clock.now()));
  const record: SObjectRecord = { ...recordTemplate(def), Id: ctx.ids.next(def.keyPrefix) };
  for (const f of def.fields) if (f.name !== 'Id') record[f.name] = f.name in values ? values[f.name] : null;
  Object.assign(record, {
    IsDeleted: false,
    CreatedDate: stamp,
    CreatedById: options.actorId,
    LastModifiedDate: stamp,
    LastModifiedById: options.actorId,
    SystemModstamp: stamp,
  });
  if (def.ownable && (record.OwnerId === null || record.OwnerId === undefined)) record.OwnerId = options.actorId;
  applyDerivedFields(def, record);
  table.rows.set(record.Id, record);
  table.index(record);
  bumpPermissions(org, def);
  if (def.name === 'User') syncProfileAssignment(ctx, org, record, options);
  return record;
}

/**
 * Updates a live record. A record in the recycle bin fails with `ENTITY_IS_DELETED`; an unknown id
 * with `NOT_FOUND` (404), as `PATCH /sobjects/X/{id}` answers.
 */
export function updateRecord(
  ctx: DataContext,
  org: Org,
  objectName: string,
  id: string,
  input: Record<string, unknown>,
  options: WriteOptions,
): SObjectRecord {
  const def = requireObject(org, objectName);
  const table = tableFor(org, def);
  const full = normalizeId(id);
  const record = full ? table.rows.get(full) : undefined;
  if (!record) {
    if (full && table.recycleBin.has(full)) throw new SalesforceError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    throw notFound();
  }
  const values = coerceValues(def, input, 'update', options.source ?? 'json');
  const cleared = def.fields.filter((f) => !f.nillable && f.name in values && (values[f.name] === null || values[f.name] === ''));
  if (cleared.length > 0) {
    const names = cleared.map((f) => f.name);
    throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
  }
  checkReferences(org, def, values);
  checkUnique(table, values, record.Id);
  table.unindex(record);
  Object.assign(record, values);
  const stamp = formatDateTime(truncateToSecond(options.at ?? ctx.clock.now()));
  record.LastModifiedDate = stamp;
  record.LastModifiedById = options.actorId;
  record.SystemModstamp = stamp;
  applyDerivedFields(def, record);
  table.index(record);
  bumpPermissions(org, def);
  if (def.name === 'User' && 'ProfileId' in values) syncProfileAssignment(ctx, org, record, options);
  return record;
}

/**
 * Moves a record to the recycle bin (IsDeleted true, SystemModstamp bumped), where `queryAll`
 * and the `deleted` resource still see it for 15 days. A second delete gets `ENTITY_IS_DELETED`.
 */
export function deleteRecord(ctx: DataContext, org: Org, id: string, options: WriteOptions): SObjectRecord {
  const full = normalizeId(id);
  const def = full ? objectForId(org, full) : undefined;
  if (!full || !def) {
    throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${id}`, []);
  }
  const table = tableFor(org, def);
  const record = table.rows.get(full);
  if (!record) {
    if (table.recycleBin.has(full)) throw new SalesforceError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    throw notFound();
  }
  const now = options.at ?? ctx.clock.now();
  table.unindex(record);
  table.rows.delete(full);
  const stamp = formatDateTime(truncateToSecond(now));
  record.IsDeleted = true;
  record.LastModifiedDate = stamp;
  record.LastModifiedById = options.actorId;
  record.SystemModstamp = stamp;
  table.recycleBin.set(full, { record, deletedAt: truncateToSecond(now) });
  bumpPermissions(org, def);
  return record;
}

/** Restores a record from the recycle bin, as the Undelete button or `undelete()` call does. */
export function undeleteRecord(ctx: DataContext, org: Org, id: string, options: WriteOptions): SObjectRecord {
  const full = normalizeId(id);
  const def = full ? objectForId(org, full) : undefined;
  const table = def ? tableFor(org, def) : undefined;
  const entry = full && table ? table.recycleBin.get(full) : undefined;
  if (!full || !table || !entry) {
    if (full && table?.rows.has(full)) {
      throw new SalesforceError(400, 'UNDELETE_FAILED', 'Entity is not in the recycle bin', []);
    }
    throw notFound();
  }
  checkUnique(table, entry.record, null);
  table.recycleBin.delete(full);
  const record = entry.record;
  const stamp = formatDateTime(truncateToSecond(options.at ?? ctx.clock.now()));
  record.IsDeleted = false;
  record.LastModifiedDate = stamp;
  record.LastModifiedById = options.actorId;
  record.SystemModstamp = stamp;
  table.rows.set(full, record);
  table.index(record);
  return record;
}

/** Empties recycle-bin entries older than 15 days; their deletes are then invisible to clients. */
export function purgeRecycleBin(org: Org, now: number): void {
  for (const table of org.tables.values()) {
    for (const [id, entry] of table.recycleBin) {
      if (now - entry.deletedAt > RECYCLE_BIN_MS) table.recycleBin.delete(id);
    }
  }
}
