import type { Org } from '../model/org.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';

/** A parent-to-child relationship, as describe lists it under `childRelationships`. */
export interface ChildRelationship {
  /** `Contacts`, `Opportunities`, `ChildAccounts`, `Invoice_Lines__r`. */
  relationshipName: string;
  childSObject: ObjectDefinition;
  /** The child's reference field that points at the parent (`AccountId`). */
  field: FieldDefinition;
}

/** Audit lookups: Salesforce gives them no child relationship name that SOQL can use. */
const UNNAMED = new Set(['CreatedById', 'LastModifiedById', 'OwnerId']);

/** Standard relationships whose names do not follow the plural-of-the-child rule. */
const KNOWN_NAMES: Record<string, string | null> = {
  'PermissionSetAssignment.PermissionSetId': 'Assignments',
  'ObjectPermissions.ParentId': 'ObjectPerms',
  // PermissionSet and every setup entity (ApexPage, ApexClass…) name their access rows alike.
  'SetupEntityAccess.ParentId': 'SetupEntityAccessItems',
  'SetupEntityAccess.SetupEntityId': 'SetupEntityAccessItems',
  'Lead.ConvertedAccountId': null,
  'PermissionSet.ProfileId': null,
  'Contact.ReportsToId': null,
};

/** English plural of an object name, as Salesforce forms standard child relationship names. */
export function pluralize(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}

function relationshipNameFor(
  child: ObjectDefinition,
  parent: ObjectDefinition,
  f: FieldDefinition,
) {
  const known = KNOWN_NAMES[`${child.name}.${f.name}`];
  if (known !== undefined) return known;
  const base = child.name.replace(/__c$/, '');
  const plural = pluralize(base);
  if (f.custom) return `${plural}__r`;
  return child.name === parent.name ? `Child${plural}` : plural;
}

/**
 * The child relationships of an object: every reference field of any object that can point at
 * it. Standard lookups are named for the child's plural (`Contacts`, `Opportunities`, `Tasks`,
 * a self-lookup `ChildAccounts`), custom lookups the same with `__r` (`Invoice_Lines__r`).
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_custom_objects.htm
 */
export function childRelationships(org: Org, parent: ObjectDefinition): ChildRelationship[] {
  const out: ChildRelationship[] = [];
  const taken = new Set<string>();
  for (const child of org.schema.values()) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || UNNAMED.has(f.name) || !f.referenceTo.includes(parent.name)) {
        continue;
      }
      const name = relationshipNameFor(child, parent, f);
      if (name === null || taken.has(name.toLowerCase())) continue;
      taken.add(name.toLowerCase());
      out.push({ relationshipName: name, childSObject: child, field: f });
    }
  }
  return out;
}

/** A child relationship of `parent` by name, case-insensitively. */
export function findChildRelationship(
  org: Org,
  parent: ObjectDefinition,
  name: string,
): ChildRelationship | undefined {
  const lower = name.toLowerCase();
  return childRelationships(org, parent).find((r) => r.relationshipName.toLowerCase() === lower);
}
