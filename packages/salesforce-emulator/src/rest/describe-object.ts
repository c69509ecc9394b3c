import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import type { ObjectAccess } from '../security/access.ts';
import { childRelationships } from './child-relationships.ts';
import { describeField } from './describe-field.ts';
import { objectTraits } from './object-traits.ts';

/** Where the object's resources live: `basePath` is `/services/data/v58.0`, `instanceUrl` the My Domain. */
export interface DescribeLinks {
  basePath: string;
  instanceUrl: string;
}

/** The master record type every layoutable object has, with Salesforce's fixed id. */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** Object flags AND-ed with what the caller may do, as describe reports them per user. */
function callerFlags(def: ObjectDefinition, access: ObjectAccess) {
  const traits = objectTraits(def);
  return {
    createable: def.createable && access.create,
    deletable: def.deletable && access.delete,
    mergeable: traits.mergeable && access.edit && access.delete,
    queryable: def.queryable && access.read,
    replicateable: def.replicateable && access.read,
    retrieveable: def.retrieveable && access.read,
    searchable: def.searchable && access.read,
    undeletable: def.undeletable && access.delete,
    updateable: def.updateable && access.edit,
  };
}

function objectUrls(def: ObjectDefinition, links: DescribeLinks, full: boolean) {
  const base = `${links.basePath}/sobjects/${def.name}`;
  if (!objectTraits(def).layoutable) {
    return { rowTemplate: `${base}/{ID}`, describe: `${base}/describe`, sobject: base };
  }
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    ...(full
      ? {
          uiDetailTemplate: `${links.instanceUrl}/{ID}`,
          uiEditTemplate: `${links.instanceUrl}/{ID}/e`,
          defaultValues: `${base}/defaultValues?recordTypeId&fields`,
        }
      : {}),
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    ...(full ? { uiNewRecord: `${links.instanceUrl}/${def.keyPrefix}/e` } : {}),
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

/**
 * One object of describeGlobal (`GET /sobjects`), also the `objectDescribe` of `GET /sobjects/X`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 */
export function describeGlobalEntry(
  def: ObjectDefinition,
  access: ObjectAccess,
  links: DescribeLinks,
): Record<string, unknown> {
  const traits = objectTraits(def);
  const flags = callerFlags(def, access);
  return {
    activateable: traits.activateable,
    associateEntityType: null,
    associateParentEntity: null,
    createable: flags.createable,
    custom: def.custom,
    customSetting: traits.customSetting,
    deepCloneable: traits.deepCloneable,
    deletable: flags.deletable,
    deprecatedAndHidden: false,
    feedEnabled: traits.feedEnabled,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: traits.layoutable,
    mergeable: flags.mergeable,
    mruEnabled: traits.mruEnabled,
    name: def.name,
    queryable: flags.queryable,
    replicateable: flags.replicateable,
    retrieveable: flags.retrieveable,
    searchable: flags.searchable,
    triggerable: def.triggerable,
    undeletable: flags.undeletable,
    updateable: flags.updateable,
    urls: objectUrls(def, links, false),
  };
}

/** "All accounts" / "My accounts" list-view scopes: ownable objects have `mine`. */
function supportedScopes(def: ObjectDefinition) {
  const plural = def.labelPlural.toLowerCase();
  const scopes = [{ label: `All ${plural}`, name: 'everything' }];
  if (def.ownable) scopes.push({ label: `My ${plural}`, name: 'mine' });
  if (def.name === 'Account' || def.name === 'Opportunity') {
    scopes.push({ label: `My team's ${plural}`, name: 'team' });
  }
  return scopes;
}

/**
 * The full describe (`GET /sobjects/X/describe`): the ~45 top-level keys of a real org, in their
 * order, with `fields` in schema order and `childRelationships` computed from every lookup in the
 * org that points at the object. Flags reflect the caller's access.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
export function describeObject(
  org: Org,
  def: ObjectDefinition,
  access: ObjectAccess,
  links: DescribeLinks,
): Record<string, unknown> {
  const traits = objectTraits(def);
  const flags = callerFlags(def, access);
  const layoutUrl = `${links.basePath}/sobjects/${def.name}/describe/layouts/${MASTER_RECORD_TYPE_ID}`;
  return {
    actionOverrides: [],
    activateable: traits.activateable,
    associateEntityType: null,
    associateParentEntity: null,
    childRelationships: childRelationships(org, def),
    compactLayoutable: traits.compactLayoutable,
    createable: flags.createable,
    custom: def.custom,
    customSetting: traits.customSetting,
    deepCloneable: traits.deepCloneable,
    defaultImplementation: null,
    deletable: flags.deletable,
    deprecatedAndHidden: false,
    extendedBy: null,
    extendsInterfaces: null,
    feedEnabled: traits.feedEnabled,
    fields: def.fields.map((f) => describeField(def, f, access)),
    hasSubtypes: false,
    implementedBy: null,
    implementsInterfaces: null,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: traits.layoutable,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: flags.mergeable,
    mruEnabled: traits.mruEnabled,
    name: def.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: flags.queryable,
    recordTypeInfos: traits.layoutable
      ? [
          {
            active: true,
            available: true,
            defaultRecordTypeMapping: true,
            developerName: 'Master',
            master: true,
            name: 'Master',
            recordTypeId: MASTER_RECORD_TYPE_ID,
            urls: { layout: layoutUrl },
          },
        ]
      : [],
    replicateable: flags.replicateable,
    retrieveable: flags.retrieveable,
    searchLayoutable: traits.searchLayoutable,
    searchable: flags.searchable,
    supportedScopes: supportedScopes(def),
    triggerable: def.triggerable,
    undeletable: flags.undeletable,
    updateable: flags.updateable,
    urls: objectUrls(def, links, true),
  };
}
