import type { FieldDefinition, FieldType, ObjectDefinition } from '../schema/field-definition.ts';
import type { ObjectAccess } from '../security/access.ts';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

const TEXT_TYPES = new Set<FieldType>([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
]);

const ADDRESS_PART = /^(Billing|Shipping|Mailing|Other)?(Street|City|State|PostalCode|Country)$/;

/** The compound field a component belongs to: `BillingCity` → `BillingAddress`, `FirstName` → `Name`. */
function compoundFieldName(def: ObjectDefinition, f: FieldDefinition): string | null {
  const address = ADDRESS_PART.exec(f.name);
  if (address) return `${address[1] ?? ''}Address`;
  const personName = ['Salutation', 'FirstName', 'LastName'].includes(f.name);
  const hasParts = def.fields.some((d) => d.name === 'FirstName');
  return personName && hasParts && def.fields.some((d) => d.name === 'Name') ? 'Name' : null;
}

/** A `picklistValues` entry. */
function picklistEntry(f: FieldDefinition, value: string) {
  return {
    active: true,
    defaultValue: value === f.defaultValue,
    label: value,
    validFor: null,
    value,
  };
}

/**
 * One field of a describe, with the ~60 keys real orgs send (alphabetical, as they come). Text
 * lengths are in characters and `byteLength` three bytes each; an `int` reports its size in
 * `digits` with `precision` 0. `createable`/`updateable` are the field's AND the caller's object
 * access, which is how Salesforce folds CRUD into field describe.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm#field
 */
export function describeField(
  def: ObjectDefinition,
  f: FieldDefinition,
  access: ObjectAccess,
): Record<string, unknown> {
  const text = TEXT_TYPES.has(f.type);
  const isRef = f.type === 'reference' || f.type === 'id';
  const length = text ? f.length : isRef ? 18 : 0;
  const polymorphic = f.type === 'reference' && f.referenceTo.length > 1;
  const writable = f.createable || f.updateable;
  return {
    aggregatable: f.filterable && f.type !== 'boolean',
    aiPredictionField: false,
    autoNumber: f.autoNumber,
    byteLength: text ? length * 3 : isRef ? length : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: compoundFieldName(def, f),
    controllerName: null,
    createable: f.createable && access.create,
    custom: f.custom,
    defaultValue:
      f.type === 'picklist' || f.type === 'multipicklist' ? null : (f.defaultValue ?? null),
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? f.precision : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.type === 'textarea' ? 'plaintextarea' : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: polymorphic,
    nillable: f.nillable,
    permissionable: f.nillable && writable && !f.nameField && f.type !== 'id',
    picklistValues: f.picklistValues.map((v) => picklistEntry(f, v)),
    polymorphicForeignKey: polymorphic,
    precision: f.type === 'int' ? 0 : f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: f.scale,
    searchPrefilterable: f.type === 'reference' && writable,
    soapType: SOAP_TYPES[f.type],
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable && access.edit,
    writeRequiresMasterRead: false,
  };
}
