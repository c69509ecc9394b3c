import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { childRelationships as queryableRelationships } from '../soql/child-relationships.ts';

/** One entry of a describe's `childRelationships`. */
export interface ChildRelationship {
  cascadeDelete: boolean;
  childSObject: string;
  deprecatedAndHidden: boolean;
  field: string;
  junctionIdListNames: string[];
  junctionReferenceTo: string[];
  relationshipName: string | null;
  restrictedDelete: boolean;
}

/** Lookups whose children go when the parent is deleted. */
const CASCADE = new Set([
  'Contact.AccountId',
  'Opportunity.AccountId',
  'Task.WhatId',
  'Event.WhatId',
  'PermissionSetAssignment.AssigneeId',
  'PermissionSetAssignment.PermissionSetId',
  'ObjectPermissions.ParentId',
  'SetupEntityAccess.ParentId',
  'SetupEntityAccess.SetupEntityId',
]);

/**
 * Every lookup in the org pointing at the object, sorted by child object then field as real
 * describes list them. Relationship names are the ones SOQL subqueries accept (the SOQL engine's
 * table), so describe and query agree; lookups a parent cannot subquery through (audit fields,
 * OwnerId) have `relationshipName: null`, as in Salesforce.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
 */
export function childRelationships(org: Org, parent: ObjectDefinition): ChildRelationship[] {
  const names = new Map<string, string>();
  for (const r of queryableRelationships(org, parent)) {
    names.set(`${r.childSObject.name}.${r.field.name}`, r.relationshipName);
  }
  const out: ChildRelationship[] = [];
  for (const child of org.schema.values()) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || !f.referenceTo.includes(parent.name)) continue;
      const key = `${child.name}.${f.name}`;
      out.push({
        cascadeDelete: CASCADE.has(key),
        childSObject: child.name,
        deprecatedAndHidden: false,
        field: f.name,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: names.get(key) ?? null,
        restrictedDelete: false,
      });
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => order(a.childSObject, b.childSObject) || order(a.field, b.field));
}
