/** Salesforce field types the emulator models (the `type` key of a describe field). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

/** One field of an object, enough to answer describe, validate DML and evaluate SOQL. */
export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  unique: boolean;
  externalId: boolean;
  idLookup: boolean;
  nameField: boolean;
  calculated: boolean;
  autoNumber: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: string[];
  /** Value given on insert when none is sent. */
  defaultValue: unknown;
  custom: boolean;
}

/** Object-level flags as describeGlobal reports them (before the calling user's access is applied). */
export interface ObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  retrieveable: boolean;
  searchable: boolean;
  replicateable: boolean;
  triggerable: boolean;
  undeletable: boolean;
  /** Whether Bulk API 2.0 accepts the object. */
  bulkSupported: boolean;
  /** Setup objects (profiles, permission sets…) are readable only with View Setup and Configuration. */
  setupObject: boolean;
  /** Ownable objects carry OwnerId. */
  ownable: boolean;
  fields: FieldDefinition[];
}

type FieldOptions = Partial<Omit<FieldDefinition, 'name' | 'type'>>;

function humanize(name: string): string {
  const base = name.replace(/__c$/, '').replace(/Id$/, '');
  return base.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
}

const TYPE_DEFAULTS: Record<FieldType, Partial<FieldDefinition>> = {
  id: { length: 18 },
  string: { length: 255 },
  textarea: { length: 32000, filterable: false, sortable: false, groupable: false },
  email: { length: 80 },
  phone: { length: 40 },
  url: { length: 255 },
  picklist: { length: 255 },
  multipicklist: { length: 4099, sortable: false, groupable: false },
  boolean: { nillable: false, defaultedOnCreate: true, defaultValue: false },
  int: { precision: 9 },
  double: { precision: 18, scale: 0, groupable: false },
  currency: { precision: 18, scale: 2, groupable: false },
  percent: { precision: 18, scale: 2, groupable: false },
  date: {},
  datetime: { groupable: false },
  reference: { length: 18 },
};

/** Builds a field definition with Salesforce's defaults for its type. */
export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  const custom = name.endsWith('__c');
  const base: FieldDefinition = {
    name,
    label: humanize(name),
    type,
    length: 0,
    precision: 0,
    scale: 0,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    unique: false,
    externalId: false,
    idLookup: false,
    nameField: false,
    calculated: false,
    autoNumber: false,
    filterable: true,
    sortable: true,
    groupable: true,
    referenceTo: [],
    relationshipName: null,
    picklistValues: [],
    defaultValue: null,
    custom,
  };
  const merged: FieldDefinition = { ...base, ...TYPE_DEFAULTS[type], ...options };
  if (type === 'reference' && merged.relationshipName === null) {
    merged.relationshipName = custom ? name.replace(/__c$/, '__r') : name.replace(/Id$/, '');
  }
  if (merged.externalId) merged.idLookup = true;
  return merged;
}

/** A field that only the platform writes (Id, audit fields, SystemModstamp, IsDeleted). */
export function systemField(
  name: string,
  type: FieldType,
  options: FieldOptions = {},
): FieldDefinition {
  return field(name, type, {
    createable: false,
    updateable: false,
    nillable: false,
    defaultedOnCreate: true,
    ...options,
  });
}

/** The fields every object has. */
export function auditFields(ownable: boolean): FieldDefinition[] {
  const fields = [
    systemField('Id', 'id', { label: 'Record ID', idLookup: true, groupable: true }),
    systemField('IsDeleted', 'boolean', { label: 'Deleted' }),
    systemField('CreatedDate', 'datetime', { label: 'Created Date' }),
    systemField('CreatedById', 'reference', {
      label: 'Created By ID',
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
    }),
    systemField('LastModifiedDate', 'datetime', { label: 'Last Modified Date' }),
    systemField('LastModifiedById', 'reference', {
      label: 'Last Modified By ID',
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
    }),
    systemField('SystemModstamp', 'datetime', { label: 'System Modstamp' }),
  ];
  if (ownable) {
    fields.push(
      field('OwnerId', 'reference', {
        label: 'Owner ID',
        referenceTo: ['User'],
        relationshipName: 'Owner',
        nillable: false,
        defaultedOnCreate: true,
      }),
    );
  }
  return fields;
}

type ObjectOptions = Partial<Omit<ObjectDefinition, 'name' | 'keyPrefix' | 'fields'>>;

/** Builds an object definition: audit fields first, then the object's own. */
export function sobject(
  name: string,
  keyPrefix: string,
  ownFields: FieldDefinition[],
  options: ObjectOptions = {},
): ObjectDefinition {
  const ownable = options.ownable ?? true;
  const label = options.label ?? humanize(name);
  return {
    name,
    label,
    labelPlural: options.labelPlural ?? `${label}s`,
    keyPrefix,
    custom: name.endsWith('__c'),
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    replicateable: true,
    triggerable: true,
    undeletable: true,
    bulkSupported: true,
    setupObject: false,
    ...options,
    ownable,
    fields: [...auditFields(ownable), ...ownFields],
  };
}
