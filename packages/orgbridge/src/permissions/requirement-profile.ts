import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, ErrorCode } from '../errors.ts';
import { describeSchemaErrors } from './schema-errors.ts';

/**
 * Glossary:
 * - requirement profile: what an integration needs from the Salesforce user it runs as, as
 *   declarative JSON: object access levels, user (system) permissions, permission sets by name,
 *   a profile, Visualforce pages; each item `required` or `optional`.
 * - level: one of Salesforce's object settings (Read, Create, Edit, Delete, View All, Modify All).
 */

/** Whether the integration cannot work without an item (`required`) or only loses a feature. */
export type Need = 'required' | 'optional';

/** Salesforce's object access levels, in the order Setup shows them. */
export const OBJECT_LEVELS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;

export type ObjectLevel = (typeof OBJECT_LEVELS)[number];

/** The levels one object needs; at least one. */
export interface ObjectRequirement {
  /** API name: `Account`, `Invoice__c`, `ns__Invoice__c`. */
  object: string;
  access: Partial<Record<ObjectLevel, Need>>;
}

/** A user permission by its API name without the `Permissions` prefix (`ApiEnabled`, `ViewSetup`). */
export interface UserPermissionRequirement {
  permission: string;
  need: Need;
}

/** A permission set that must be assigned, by API name or label (`Partner_Access`). */
export interface PermissionSetRequirement {
  name: string;
  need: Need;
}

/** The profile the user must have (`System Administrator`). */
export interface ProfileRequirement {
  name: string;
  need: Need;
}

/** A Visualforce page the user must be able to open, by name (`ns__Setup` for a packaged one). */
export interface VisualforcePageRequirement {
  name: string;
  need: Need;
}

/** A validated requirement profile; every list is present (possibly empty). JSON-serializable. */
export interface RequirementProfile {
  name: string;
  description?: string;
  objects: ObjectRequirement[];
  userPermissions: UserPermissionRequirement[];
  permissionSets: PermissionSetRequirement[];
  profile?: ProfileRequirement;
  visualforcePages: VisualforcePageRequirement[];
}

const NeedSchema = Type.Enum(['required', 'optional']);

// Patterns double as guards: permission names become SOQL field names and object names URL path
// segments, so nothing outside these characters may reach a query.
export const OBJECT_NAME_PATTERN = '^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$';
export const USER_PERMISSION_PATTERN = '^[A-Za-z][A-Za-z0-9]*$';
const TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F]+$';

const Text = (maxLength: number) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: TEXT_PATTERN,
    description: 'text without control characters',
  });
const Named = Type.Object({ name: Text(80), need: NeedSchema }, { additionalProperties: false });

/**
 * The JSON form of a requirement profile, for workspaces that define their own. The lists may be
 * left out; {@link parseRequirementProfile} fills them in.
 */
export const RequirementProfileSchema = Type.Object(
  {
    name: Text(100),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    objects: Type.Optional(
      Type.Array(
        Type.Object(
          {
            object: Type.String({
              minLength: 1,
              maxLength: 100,
              pattern: OBJECT_NAME_PATTERN,
              description: 'an object API name such as Account or Invoice__c',
            }),
            access: Type.Object(
              {
                read: Type.Optional(NeedSchema),
                create: Type.Optional(NeedSchema),
                edit: Type.Optional(NeedSchema),
                delete: Type.Optional(NeedSchema),
                viewAll: Type.Optional(NeedSchema),
                modifyAll: Type.Optional(NeedSchema),
              },
              { additionalProperties: false, minProperties: 1 },
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
    userPermissions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            permission: Type.String({
              minLength: 1,
              maxLength: 80,
              pattern: USER_PERMISSION_PATTERN,
              description: 'a user permission API name such as ApiEnabled or ViewSetup',
            }),
            need: NeedSchema,
          },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    permissionSets: Type.Optional(Type.Array(Named, { maxItems: 100 })),
    profile: Type.Optional(Named),
    visualforcePages: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({
              minLength: 1,
              maxLength: 100,
              pattern: OBJECT_NAME_PATTERN,
              description: 'a Visualforce page name such as PartnerSetup or ns__PartnerSetup',
            }),
            need: NeedSchema,
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A requirement profile as written in JSON, before defaults. */
export type RequirementProfileInput = Static<typeof RequirementProfileSchema>;

function invalid(field: string, message: string, problems: string[] = [message]): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, `requirement profile: ${message}`, {
    details: { field, problems },
  });
}

/** Fails on the second mention of a name in a list; Salesforce API names ignore case. */
function rejectDuplicates(list: string, names: string[], key: string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const folded = name.toLowerCase();
    if (seen.has(folded)) {
      throw invalid(`${list}[${i}].${key}`, `${list}[${i}].${key}: ${name} is listed twice`);
    }
    seen.add(folded);
  });
}

/**
 * Validates a requirement profile from JSON (a workspace's own, or a preset) and returns it with
 * every list present. A `Permissions` prefix on a user permission is dropped, so
 * `PermissionsApiEnabled` and `ApiEnabled` mean the same.
 * Fails with `VALIDATION_FAILED`, `details.field` naming the first wrong field
 * (`objects[2].access.write`) and `details.problems` listing every problem found.
 */
export function parseRequirementProfile(json: unknown): RequirementProfile {
  if (!Value.Check(RequirementProfileSchema, json)) {
    const problems = describeSchemaErrors(RequirementProfileSchema, json);
    const first = problems[0] ?? { field: '', message: 'is not a requirement profile' };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw invalid(
      first.field,
      `${first.message}${more}`,
      problems.map((p) => p.message),
    );
  }
  const profile: RequirementProfile = {
    name: json.name,
    ...(json.description === undefined ? {} : { description: json.description }),
    objects: (json.objects ?? []).map((o) => ({ object: o.object, access: { ...o.access } })),
    userPermissions: (json.userPermissions ?? []).map((p) => ({
      permission: p.permission.replace(/^Permissions(?=[A-Z])/, ''),
      need: p.need,
    })),
    permissionSets: (json.permissionSets ?? []).map((s) => ({ name: s.name, need: s.need })),
    ...(json.profile === undefined
      ? {}
      : { profile: { name: json.profile.name, need: json.profile.need } }),
    visualforcePages: (json.visualforcePages ?? []).map((p) => ({ name: p.name, need: p.need })),
  };
  rejectDuplicates(
    'objects',
    profile.objects.map((o) => o.object),
    'object',
  );
  rejectDuplicates(
    'userPermissions',
    profile.userPermissions.map((p) => p.permission),
    'permission',
  );
  rejectDuplicates(
    'permissionSets',
    profile.permissionSets.map((s) => s.name),
    'name',
  );
  rejectDuplicates(
    'visualforcePages',
    profile.visualforcePages.map((p) => p.name),
    'name',
  );
  return profile;
}
