import { field, sobject, type ObjectDefinition } from './field-definition.ts';

/**
 * The `SetupEntityType` values Salesforce documents: what a SetupEntityAccess row can enable.
 * Of these, the emulator has only ApexPage records to point at.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupentityaccess.htm
 */
export const SETUP_ENTITY_TYPES = [
  'ApexClass',
  'ApexPage',
  'ConnectedApplication',
  'CustomEntityDefinition',
  'CustomPermission',
  'ServiceProvider',
  'TabSet',
] as const;

/** Objects whose rows are metadata and setup-entity access, not data: closed to seeding and schema changes. */
export const SETUP_ENTITY_OBJECTS = ['ApexPage', 'SetupEntityAccess'] as const;

/**
 * ApexPage: one Visualforce page, as the object reference describes it. The emulator compiles no
 * Visualforce, so the API may read pages but not write them; the control API creates them.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_apexpage.htm
 */
export function apexPageObject(): ObjectDefinition {
  return sobject(
    'ApexPage',
    '066',
    [
      field('Name', 'string', { length: 80, nillable: false, nameField: true }),
      // Set by the package a page comes from; null for the org's own pages.
      field('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
      field('MasterLabel', 'string', { length: 80, nillable: false, label: 'Label' }),
      field('ApiVersion', 'double', {
        precision: 18,
        scale: 1,
        nillable: false,
        label: 'API Version',
      }),
      field('Description', 'textarea', { length: 1024 }),
      field('IsAvailableInTouch', 'boolean', { label: 'Available for Salesforce mobile apps' }),
      field('IsConfirmationTokenRequired', 'boolean', { label: 'Require CSRF protection' }),
      field('Markup', 'textarea', { length: 1_048_576, nillable: false }),
    ],
    {
      label: 'Visualforce Page',
      ownable: false,
      createable: false,
      updateable: false,
      deletable: false,
      undeletable: false,
      triggerable: false,
      setupObject: true,
    },
  );
}

/**
 * SetupEntityAccess: one setup entity (a Visualforce page, an Apex class, a connected app…)
 * enabled for a PermissionSet, a profile's own included. Its only audit field is SystemModstamp,
 * as the field reference lists. Create and delete go through the control API.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupentityaccess.htm
 */
export function setupEntityAccessObject(): ObjectDefinition {
  const def = sobject(
    'SetupEntityAccess',
    '0J0',
    [
      field('ParentId', 'reference', {
        referenceTo: ['PermissionSet'],
        relationshipName: 'Parent',
        nillable: false,
        updateable: false,
        label: 'Parent Entity',
      }),
      field('SetupEntityId', 'reference', {
        referenceTo: ['ApexPage'],
        relationshipName: 'SetupEntity',
        nillable: false,
        updateable: false,
        label: 'Setup Entity',
      }),
      // Derived from SetupEntityId's key prefix, never written by a client.
      field('SetupEntityType', 'picklist', {
        length: 40,
        createable: false,
        updateable: false,
        picklistValues: [...SETUP_ENTITY_TYPES],
        label: 'Setup Entity Type',
      }),
    ],
    {
      label: 'Setup Entity Access',
      labelPlural: 'Setup Entity Access',
      ownable: false,
      createable: false,
      updateable: false,
      deletable: false,
      undeletable: false,
      replicateable: false,
      searchable: false,
      triggerable: false,
      setupObject: true,
    },
  );
  const kept = new Set(['Id', 'SystemModstamp', 'ParentId', 'SetupEntityId', 'SetupEntityType']);
  return { ...def, fields: def.fields.filter((f) => kept.has(f.name)) };
}
