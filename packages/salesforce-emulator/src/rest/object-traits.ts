import type { ObjectDefinition } from '../schema/field-definition.ts';

/** Describe flags that the schema does not model, fixed per object as real orgs report them. */
export interface ObjectTraits {
  activateable: boolean;
  compactLayoutable: boolean;
  customSetting: boolean;
  deepCloneable: boolean;
  feedEnabled: boolean;
  layoutable: boolean;
  mergeable: boolean;
  mruEnabled: boolean;
  searchLayoutable: boolean;
}

const DATA_OBJECT: ObjectTraits = {
  activateable: false,
  compactLayoutable: true,
  customSetting: false,
  deepCloneable: false,
  feedEnabled: false,
  layoutable: true,
  mergeable: false,
  mruEnabled: true,
  searchLayoutable: true,
};

const SETUP_OBJECT: ObjectTraits = {
  ...DATA_OBJECT,
  compactLayoutable: false,
  layoutable: false,
  mruEnabled: false,
  searchLayoutable: false,
};

/** Per-object differences, from the describe bodies of real orgs (CumulusCI cassettes, v48–52). */
const STANDARD: Record<string, Partial<ObjectTraits>> = {
  Account: { feedEnabled: true, mergeable: true },
  Contact: { feedEnabled: true, mergeable: true },
  Lead: { feedEnabled: true, mergeable: true },
  Opportunity: { feedEnabled: true, deepCloneable: true },
  Campaign: { deepCloneable: true },
  User: { feedEnabled: true },
};

const SETUP_NAMES = new Set([
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'Organization',
]);

/** The describe traits of an object; custom objects get those of a plain data object. */
export function objectTraits(def: ObjectDefinition): ObjectTraits {
  const base = def.setupObject || SETUP_NAMES.has(def.name) ? SETUP_OBJECT : DATA_OBJECT;
  return { ...base, ...(def.custom ? {} : STANDARD[def.name]) };
}
