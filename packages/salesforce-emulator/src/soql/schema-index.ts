import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';

/** Case-insensitive lookups into one object's fields, as SOQL resolves names. */
export interface ObjectIndex {
  /** Lower-cased field name → field. */
  fields: Map<string, FieldDefinition>;
  /** Lower-cased relationship name (`account`, `owner`, `parent__r`) → its reference field. */
  relationships: Map<string, FieldDefinition>;
}

const cache = new WeakMap<ObjectDefinition, { fieldCount: number; index: ObjectIndex }>();

/** The lookup tables of an object, rebuilt when fields are added to it. */
export function indexFor(def: ObjectDefinition): ObjectIndex {
  const hit = cache.get(def);
  if (hit && hit.fieldCount === def.fields.length) return hit.index;
  const index: ObjectIndex = { fields: new Map(), relationships: new Map() };
  for (const f of def.fields) {
    index.fields.set(f.name.toLowerCase(), f);
    if (f.type === 'reference' && f.relationshipName) {
      index.relationships.set(f.relationshipName.toLowerCase(), f);
    }
  }
  cache.set(def, { fieldCount: def.fields.length, index });
  return index;
}
