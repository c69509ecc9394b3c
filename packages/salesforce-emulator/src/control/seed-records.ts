import { formatDate, formatDateTime, truncateToSecond } from '../clock.ts';
import { coerceFieldValue } from '../data/field-values.ts';
import { findField, tableFor } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import { SObjectTable } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { SalesforceError } from '../salesforce-error.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import { SETUP_ENTITY_OBJECTS } from '../schema/setup-entity-objects.ts';
import { invalidRequest } from './control-error.ts';
import { requireSchemaObject } from './custom-fields.ts';
import { requireControlOrg, requireControlUser, setupActorId } from './lookup.ts';

/** Options of {@link seedRecords}. */
export interface SeedRecordsOptions {
  /**
   * How far back the rows' CreatedDate and SystemModstamp reach: they are spread evenly, in id
   * order, from now minus this to now, so incremental syncs have history (default 30 days).
   */
  windowMs?: number;
  /** Creator and owner of the rows (id or username); the org's first admin by default. */
  asUser?: string;
  /** Values every row gets (validated once), e.g. `{ "Industry": "Banking" }`. */
  values?: Record<string, unknown>;
}

/** What {@link seedRecords} made. */
export interface SeedResult {
  object: string;
  created: number;
  firstId: string | null;
  lastId: string | null;
  /** Live rows of the object afterwards. */
  total: number;
}

/** Objects whose rows carry secrets or decide permissions; seeding them in bulk makes no sense. */
const NOT_SEEDABLE = new Set([
  'User',
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'Organization',
  ...SETUP_ENTITY_OBJECTS,
]);
const MAX_SEED = 10_000_000;
const DAY_MS = 86_400_000;

type Generator = (seq: string, n: number, stampMs: number) => unknown;

function clip(text: string, f: FieldDefinition): string {
  return f.length > 0 && text.length > f.length ? text.slice(text.length - f.length) : text;
}

/** A value for a field every row must fill: text from the label and sequence, first picklist value, … */
function requiredGenerator(org: Org, def: ObjectDefinition, f: FieldDefinition): Generator {
  switch (f.type) {
    case 'boolean':
      return () => false;
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const bound = 10 ** Math.max(1, Math.min(6, f.precision - f.scale));
      return (_seq, n) => n % bound;
    }
    case 'date':
      return (_seq, _n, stampMs) => formatDate(stampMs + 30 * DAY_MS);
    case 'datetime':
      return (_seq, _n, stampMs) => formatDateTime(stampMs);
    case 'picklist':
    case 'multipicklist': {
      const values = f.picklistValues.length > 0 ? f.picklistValues : ['Value'];
      return (_seq, n) => values[n % values.length];
    }
    case 'reference': {
      const target = f.referenceTo
        .map((name) => org.tables.get(name))
        .find((t) => t && t.rows.size > 0);
      if (!target)
        throw invalidRequest(
          `${def.name}.${f.name} is required and no ${f.referenceTo.join('/')} exists`,
        );
      const ids = [...target.rows.keys()].slice(0, 10_000);
      return (_seq, n) => ids[n % ids.length];
    }
    default:
      return textGenerator(def, f);
  }
}

function textGenerator(def: ObjectDefinition, f: FieldDefinition): Generator {
  switch (f.type) {
    case 'email':
      return (seq) => clip(`${def.name.toLowerCase().replace(/__c$/, '')}${seq}@example.com`, f);
    case 'phone':
      return (seq) => clip(`+1 555 ${seq}`, f);
    case 'url':
      return (seq) => clip(`https://example.com/${def.name.toLowerCase()}/${seq}`, f);
    default: {
      const label = f.nameField || f.name === 'LastName' ? def.label : f.label;
      return (seq) => clip(`${label} ${seq}`, f);
    }
  }
}

/** How each field is filled: a constant (null, a default, a given value) or a generator. */
function planFields(
  org: Org,
  def: ObjectDefinition,
  table: SObjectTable,
  values: Record<string, unknown>,
): { template: Record<string, unknown>; generators: Array<[string, Generator]> } {
  const template: Record<string, unknown> = { Id: '' };
  const generators: Array<[string, Generator]> = [];
  let cycled = 0;
  for (const f of def.fields) {
    if (f.name === 'Id') continue;
    if (f.name in values) {
      template[f.name] = values[f.name];
      continue;
    }
    template[f.name] = f.defaultValue;
    if (f.defaultValue !== null || !f.createable) continue;
    if (table.uniqueIndexes.has(f.name.toLowerCase())) {
      const text = textGenerator(def, f);
      generators.push([f.name, f.type === 'int' || f.type === 'double' ? (_s, n) => n : text]);
    } else if (f.nameField || (!f.nillable && !f.defaultedOnCreate)) {
      generators.push([f.name, requiredGenerator(org, def, f)]);
    } else if (f.type === 'picklist' && f.picklistValues.length > 0) {
      // Optional picklists cycle through their values (shared strings, so a million rows stay cheap).
      const offset = cycled++;
      generators.push([
        f.name,
        (_s, n) => f.picklistValues[(n + offset) % f.picklistValues.length],
      ]);
    }
  }
  // Built by keyed stores, the template ends up a dictionary-mode object and so would every
  // copy of it; Object.fromEntries gives a fast-properties one, which copies several times faster.
  return { template: Object.fromEntries(Object.entries(template)), generators };
}

function checkedValues(
  def: ObjectDefinition,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const f = findField(def, key);
    if (!f || !f.createable || f.name === 'Id')
      throw invalidRequest(`${def.name}.${key} is not a field a record can be created with`);
    if (f.unique || f.externalId)
      throw invalidRequest(`${f.name} is unique; it cannot be the same on every row`);
    try {
      out[f.name] = coerceFieldValue(f, raw, 'json');
    } catch (error) {
      if (error instanceof SalesforceError) throw invalidRequest(`${f.name}: ${error.message}`);
      throw error;
    }
  }
  return out;
}

/**
 * Writes `count` records of an object straight into its table, fast enough for millions
 * (per-row DML validation is skipped; unique indexes are kept): generated ids, values for the
 * name field, required fields and picklists (`Account 0000001`, …), audit fields, and
 * SystemModstamps spread over a past window. References must point at existing rows.
 */
export function seedRecords(
  emulator: Emulator,
  orgId: string,
  objectName: string,
  count: number,
  options: SeedRecordsOptions = {},
): SeedResult {
  const org = requireControlOrg(emulator, orgId);
  const def = requireSchemaObject(org, objectName);
  if (NOT_SEEDABLE.has(def.name) || !def.createable)
    throw invalidRequest(`${def.name} records cannot be seeded; create them one by one`);
  if (!Number.isInteger(count) || count < 0 || count > MAX_SEED)
    throw invalidRequest(`count must be an integer from 0 to ${MAX_SEED}`);
  const windowMs = options.windowMs ?? 30 * DAY_MS;
  if (!Number.isFinite(windowMs) || windowMs < 0 || windowMs > 3650 * DAY_MS)
    throw invalidRequest('windowMs must be from 0 to ten years');
  const actorId =
    options.asUser === undefined
      ? setupActorId(emulator, org)
      : requireControlUser(emulator, org, options.asUser).Id;
  const table = tableFor(org, def);
  const values = checkedValues(def, options.values ?? {});
  const { template, generators } = planFields(org, def, table, values);
  // Person objects derive Name from FirstName and LastName, as the DML layer does.
  const personName = Boolean(findField(def, 'FirstName') && findField(def, 'LastName'));
  const indexed = table.uniqueIndexes.size > 0;
  const opportunity = def.name === 'Opportunity';
  const now = emulator.clock.now();
  const start = now - windowMs;
  const base = table.rows.size + table.recycleBin.size;
  let lastSecond = Number.NaN;
  let stamp = '';
  let firstId: string | null = null;
  let lastId: string | null = null;
  for (let i = 0; i < count; i++) {
    const stampMs = truncateToSecond(
      count === 1 ? now : start + Math.floor((i * windowMs) / (count - 1)),
    );
    if (stampMs !== lastSecond) {
      lastSecond = stampMs;
      stamp = formatDateTime(stampMs);
    }
    const n = base + i + 1;
    const seq = String(n).padStart(7, '0');
    const row = { ...template } as SObjectRecord;
    row.Id = emulator.ids.next(def.keyPrefix);
    row.IsDeleted = false;
    row.CreatedDate = stamp;
    row.CreatedById = actorId;
    row.LastModifiedDate = stamp;
    row.LastModifiedById = actorId;
    row.SystemModstamp = stamp;
    if (def.ownable && (row.OwnerId === null || row.OwnerId === undefined)) row.OwnerId = actorId;
    for (const [name, generate] of generators) row[name] = generate(seq, n, stampMs);
    if (personName) {
      const first = typeof row.FirstName === 'string' ? row.FirstName : '';
      const last = typeof row.LastName === 'string' ? row.LastName : '';
      row.Name = first === '' ? last : `${first} ${last}`;
    }
    if (opportunity && typeof row.StageName === 'string') {
      row.IsClosed = row.StageName.startsWith('Closed');
      row.IsWon = row.StageName === 'Closed Won';
    }
    if (indexed) uniqueOrSuffixed(table, row);
    table.rows.set(row.Id, row);
    firstId ??= row.Id;
    lastId = row.Id;
  }
  return { object: def.name, created: count, firstId, lastId, total: table.rows.size };
}

/** Indexes a seeded row; a generated unique value someone already used gets the row id appended. */
function uniqueOrSuffixed(table: SObjectTable, row: SObjectRecord): void {
  for (const [lower, index] of table.uniqueIndexes) {
    const f = findField(table.definition, lower);
    const value = f ? row[f.name] : undefined;
    if (f && value !== null && value !== undefined && index.has(SObjectTable.indexKey(value))) {
      row[f.name] = typeof value === 'string' ? `${value}-${row.Id}` : null;
    }
  }
  table.index(row);
}
