import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, ErrorCode } from '../errors.ts';
import {
  OBJECT_NAME_PATTERN,
  parseRequirementProfile,
  type Need,
  type ObjectLevel,
  type ObjectRequirement,
  type RequirementProfile,
} from './requirement-profile.ts';
import { describeSchemaErrors } from './schema-errors.ts';

/** Options of the `read-only-sync` preset. */
export interface ReadOnlySyncOptions {
  /** The mapped objects; default {@link READ_ONLY_SYNC_DEFAULT_OBJECTS}. */
  objects?: string[];
}

/** Options of the `partner-overlap` preset: the names only the host application's package knows. */
export interface PartnerOverlapOptions {
  /** The permission set the package installs, by API name or label (`Crossbeam_Setup_User`). */
  permissionSet: string;
  /** The package's Visualforce pages the user must open (`ns__Setup`); empty to check none. */
  visualforcePages: string[];
}

export const READ_ONLY_SYNC_DEFAULT_OBJECTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Campaign',
  'Task',
  'User',
] as const;

const levels = (list: readonly ObjectLevel[], need: Need = 'required') =>
  Object.fromEntries(list.map((level) => [level, need])) as Partial<Record<ObjectLevel, Need>>;

const objects = (names: readonly string[], access: ObjectRequirement['access']) =>
  names.map((object) => ({ object, access: { ...access } }));

// Every integration reaches Salesforce through its API, which needs "API Enabled".
const API = { permission: 'ApiEnabled', need: 'required' } as const;

/**
 * The requirement profiles orgbridge ships, built from what vendors in this market ask of their
 * customers' Salesforce admins. Each returns a fresh, validated profile.
 */
export const presets = {
  /**
   * An ABM platform reading and writing CRM records. RollWorks asks for View All, Read and Write
   * on Account, Opportunity, Contact, Lead, Campaign and Activities/Tasks; Read and Edit on User
   * with the right to manage permission sets; View Roles and Role Hierarchy; and View Setup and
   * Configuration. Its own "RollWorks Admin" set is package-specific: add it with
   * `permissionSets` in a workspace's own profile.
   */
  abm: (): RequirementProfile =>
    parseRequirementProfile({
      name: 'abm',
      description:
        'Account-based marketing: read and write CRM records, see all of them, read users and roles.',
      objects: [
        ...objects(['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task'], {
          ...levels(['read', 'create', 'edit', 'viewAll']),
        }),
        { object: 'User', access: levels(['read', 'edit']) },
      ],
      userPermissions: [
        API,
        { permission: 'ViewSetup', need: 'required' },
        { permission: 'ViewRoles', need: 'required' },
        { permission: 'AssignPermissionSets', need: 'required' },
      ],
      permissionSets: [],
    }),

  /**
   * A partner-ecosystem tool comparing account and lead lists. Crossbeam asks for its setup
   * permission set to be assigned, Visualforce page access for its package's pages, and Read on
   * Account and Lead.
   */
  'partner-overlap': (options: PartnerOverlapOptions): RequirementProfile =>
    parseRequirementProfile({
      name: 'partner-overlap',
      description: "Partner overlap: read accounts and leads through the partner tool's package.",
      objects: objects(['Account', 'Lead'], levels(['read'])),
      userPermissions: [API],
      permissionSets: [{ name: options.permissionSet, need: 'required' }],
      visualforcePages: options.visualforcePages.map((name) => ({ name, need: 'required' })),
    }),

  /**
   * User administration from a workflow platform, whose Salesforce connector demands the System
   * Administrator profile to create, update, activate, deactivate, freeze and unfreeze users and
   * to remove their entitlements. What those actions need is Manage Users (which needs View Setup
   * and Configuration) and Assign Permission Sets, so those are required; the profile name is
   * optional because a custom admin profile works as well and standard names may be translated.
   */
  'user-admin': (): RequirementProfile =>
    parseRequirementProfile({
      name: 'user-admin',
      description:
        'User management: create, update, freeze, unfreeze and deactivate users, and remove their permission sets.',
      objects: [{ object: 'User', access: levels(['read', 'create', 'edit']) }],
      userPermissions: [
        API,
        { permission: 'ViewSetup', need: 'required' },
        { permission: 'ManageUsers', need: 'required' },
        { permission: 'AssignPermissionSets', need: 'required' },
        { permission: 'ResetPasswords', need: 'optional' },
      ],
      permissionSets: [],
      profile: { name: 'System Administrator', need: 'optional' },
    }),

  /**
   * A one-way pull of the mapped objects. iPaaS vendors (RoboMQ) ask only for the `api` scope,
   * which works only with API Enabled and Read on what is pulled.
   */
  'read-only-sync': (options: ReadOnlySyncOptions = {}): RequirementProfile =>
    parseRequirementProfile({
      name: 'read-only-sync',
      description: 'One-way sync: read the mapped objects.',
      objects: objects(options.objects ?? READ_ONLY_SYNC_DEFAULT_OBJECTS, levels(['read'])),
      userPermissions: [API],
      permissionSets: [],
    }),
} as const;

export type PresetName = keyof typeof presets;

export const PRESET_NAMES = Object.keys(presets) as PresetName[];

const ObjectName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: OBJECT_NAME_PATTERN,
  description: 'an object API name such as Account or Invoice__c',
});

const NoOptions = Type.Object({}, { additionalProperties: false });

const OPTIONS: Record<PresetName, TSchema> = {
  abm: NoOptions,
  'user-admin': NoOptions,
  'read-only-sync': Type.Object(
    { objects: Type.Optional(Type.Array(ObjectName, { minItems: 1, maxItems: 500 })) },
    { additionalProperties: false },
  ),
  'partner-overlap': Type.Object(
    {
      permissionSet: Type.String({ minLength: 1, maxLength: 80 }),
      visualforcePages: Type.Array(
        Type.String({
          minLength: 1,
          maxLength: 100,
          pattern: OBJECT_NAME_PATTERN,
          description: 'a Visualforce page name such as PartnerSetup or ns__PartnerSetup',
        }),
        { maxItems: 100 },
      ),
    },
    { additionalProperties: false },
  ),
};

function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}

/**
 * A preset requirement profile by name, with its options:
 * `presetProfile('read-only-sync', { objects: ['Account', 'Contact'] })`. For names and options
 * that arrive as data (an API request), the last overload validates both.
 * Fails with `VALIDATION_FAILED` (`details.field`: `preset` or the option's name).
 */
export function presetProfile(name: 'abm' | 'user-admin'): RequirementProfile;
export function presetProfile(
  name: 'read-only-sync',
  options?: ReadOnlySyncOptions,
): RequirementProfile;
export function presetProfile(
  name: 'partner-overlap',
  options: PartnerOverlapOptions,
): RequirementProfile;
export function presetProfile(name: string, options?: unknown): RequirementProfile;
export function presetProfile(name: string, options: unknown = {}): RequirementProfile {
  if (!isPresetName(name))
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `unknown preset ${JSON.stringify(name.slice(0, 40))}; presets: ${PRESET_NAMES.join(', ')}`,
      { details: { field: 'preset' } },
    );
  const schema = OPTIONS[name];
  if (!Value.Check(schema, options)) {
    const problems = describeSchemaErrors(schema, options);
    const first = problems[0] ?? { field: '', message: 'options are not valid' };
    throw new AppError(ErrorCode.VALIDATION_FAILED, `preset ${name}: ${first.message}`, {
      details: { field: first.field, problems: problems.map((p) => p.message) },
    });
  }
  switch (name) {
    case 'abm':
      return presets.abm();
    case 'user-admin':
      return presets['user-admin']();
    case 'read-only-sync':
      return presets['read-only-sync'](options as ReadOnlySyncOptions);
    case 'partner-overlap':
      return presets['partner-overlap'](options as PartnerOverlapOptions);
  }
}
