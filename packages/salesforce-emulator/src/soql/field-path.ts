import type { SObjectRecord } from '../data/sobject-table.ts';
import { findObject } from '../data/record-operations.ts';
import {
  field as fieldDefinition,
  type FieldDefinition,
  type ObjectDefinition,
} from '../schema/field-definition.ts';
import { objectAccess } from '../security/access.ts';
import type { BindContext, Getter, QueryScope } from './bind-context.ts';
import type { FieldRef } from './soql-ast.ts';
import { indexFor } from './schema-index.ts';
import { soqlError } from './soql-error.ts';

/** One step up a lookup: `Account` in `Account.Name`. */
export interface RelationshipHop {
  /** The reference field holding the parent's id (`AccountId`). */
  field: FieldDefinition;
  /** The relationship name as the schema spells it (`Account`, `Owner`, `What`). */
  name: string;
  /** The parent objects the caller may read (several for `What` and `Who`). */
  targets: ObjectDefinition[];
  /** Parent record for an id, or null (empty lookup, deleted or unreadable parent). */
  resolve: (id: unknown) => SObjectRecord | null;
  /** The object of a parent record (by key prefix for polymorphic lookups). */
  defOf: (record: SObjectRecord) => ObjectDefinition;
}

/** A field path checked against the schema, with its compiled accessor. */
export interface ResolvedField {
  hops: RelationshipHop[];
  field: FieldDefinition;
  /** `Account.Owner.Name`, in the schema's spelling. */
  path: string;
  /** Value of the path for a row; empty strings and missing values read as null. */
  get: Getter;
  /** Reads the last field from the record the last hop reached (the row itself without hops). */
  leaf: Getter;
}

const NO_SUCH_COLUMN_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

/** `INVALID_FIELD: No such column 'Foo' on entity 'Account'. …` */
export function noSuchColumn(ctx: BindContext, start: number, name: string, entity: string) {
  return soqlError(
    'INVALID_FIELD',
    ctx.soql,
    start,
    `No such column '${name}' on entity '${entity}'. ${NO_SUCH_COLUMN_HINT}`,
  );
}

function unknownRelationship(ctx: BindContext, start: number, name: string) {
  return soqlError(
    'INVALID_FIELD',
    ctx.soql,
    start,
    `Didn't understand relationship '${name}' in field path. ${RELATIONSHIP_HINT}`,
  );
}

/** The `Type` of a polymorphic relationship's "Name" object: the parent's object name. */
const POLYMORPHIC_TYPE = fieldDefinition('Type', 'picklist', { createable: false });

function parentLookup(ctx: BindContext, name: string) {
  const { org, includeDeleted } = ctx;
  return (id: string): SObjectRecord | null => {
    const table = org.tables.get(name);
    if (!table) return null;
    const live = table.rows.get(id);
    if (live) return live;
    return includeDeleted ? (table.recycleBin.get(id)?.record ?? null) : null;
  };
}

function makeHop(
  ctx: BindContext,
  f: FieldDefinition,
  targets: ObjectDefinition[],
): RelationshipHop {
  const name = f.relationshipName ?? f.name;
  if (targets.length === 1) {
    const target = targets[0]!;
    const lookup = parentLookup(ctx, target.name);
    return {
      field: f,
      name,
      targets,
      resolve: (id) => (typeof id === 'string' ? lookup(id) : null),
      defOf: () => target,
    };
  }
  const byPrefix = new Map(
    targets.map((t) => [t.keyPrefix, { def: t, lookup: parentLookup(ctx, t.name) }]),
  );
  return {
    field: f,
    name,
    targets,
    resolve: (id) => {
      if (typeof id !== 'string') return null;
      const target = byPrefix.get(id.slice(0, 3));
      return target ? target.lookup(id) : null;
    },
    defOf: (record) => byPrefix.get(record.Id.slice(0, 3))?.def ?? targets[0]!,
  };
}

function readValue(record: SObjectRecord, name: string): unknown {
  const v = record[name];
  return v === undefined || v === '' ? null : v;
}

/**
 * Resolves a field path against the query's object, case-insensitively: relationship names
 * (`Account`, `Owner`, `What`, `Parent__r`) up to five levels, then a field of the last
 * parent. Polymorphic lookups accept a field any of their targets has, plus `Type`.
 * Fails with `INVALID_FIELD` (Salesforce's texts) on unknown fields and relationships, and
 * treats parents the caller may not read as unknown relationships.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_understanding.htm
 */
export function resolveField(ctx: BindContext, scope: QueryScope, ref: FieldRef): ResolvedField {
  let parts = ref.path;
  if (
    parts.length > 1 &&
    scope.prefixes.has(parts[0]!.toLowerCase()) &&
    !indexFor(scope.def).relationships.has(parts[0]!.toLowerCase())
  ) {
    parts = parts.slice(1);
  }
  const hops: RelationshipHop[] = [];
  let current: ObjectDefinition[] = [scope.def];
  for (const part of parts.slice(0, -1)) {
    const lower = part.toLowerCase();
    let f: FieldDefinition | undefined;
    for (const def of current) {
      f = indexFor(def).relationships.get(lower);
      if (f) break;
    }
    if (!f || hops.length >= 5) throw unknownRelationship(ctx, ref.start, part);
    const targets = f.referenceTo
      .map((n) => findObject(ctx.org, n))
      .filter((d): d is ObjectDefinition => d !== undefined && objectAccess(ctx.access, d).read);
    if (targets.length === 0) throw unknownRelationship(ctx, ref.start, part);
    hops.push(makeHop(ctx, f, targets));
    current = targets;
  }
  const last = parts[parts.length - 1]!;
  const lastHop = hops[hops.length - 1];
  const polymorphicType = current.length > 1 && /^type$/i.test(last);
  let f: FieldDefinition | undefined = polymorphicType ? POLYMORPHIC_TYPE : undefined;
  for (const def of polymorphicType ? [] : current) {
    f = indexFor(def).fields.get(last.toLowerCase());
    if (f) break;
  }
  if (!f) throw noSuchColumn(ctx, ref.start, last, current.length > 1 ? 'Name' : current[0]!.name);
  const name = f.name;
  const path = [...hops.map((h) => h.name), name].join('.');
  const leaf: Getter = polymorphicType ? (p) => lastHop!.defOf(p).name : (p) => readValue(p, name);
  if (hops.length === 0) return { hops, field: f, path, get: leaf, leaf };
  let parentOf = (r: SObjectRecord): SObjectRecord | null => r;
  for (const hop of hops) {
    const prev = parentOf;
    const fk = hop.field.name;
    parentOf = (r) => {
      const p = prev(r);
      return p === null ? null : hop.resolve(p[fk]);
    };
  }
  const get: Getter = (r) => {
    const p = parentOf(r);
    return p === null ? null : leaf(p);
  };
  return { hops, field: f, path, get, leaf };
}
