// Permission verification: requirement profiles, the presets, and the check against an org.
export {
  OBJECT_LEVELS,
  parseRequirementProfile,
  RequirementProfileSchema,
  type Need,
  type ObjectLevel,
  type ObjectRequirement,
  type PermissionSetRequirement,
  type ProfileRequirement,
  type RequirementProfile,
  type RequirementProfileInput,
  type UserPermissionRequirement,
  type VisualforcePageRequirement,
} from './requirement-profile.ts';
export {
  PRESET_NAMES,
  presetProfile,
  presets,
  READ_ONLY_SYNC_DEFAULT_OBJECTS,
  type PartnerOverlapOptions,
  type PresetName,
  type ReadOnlySyncOptions,
} from './presets.ts';
export {
  verifyPermissions,
  type SalesforceReader,
  type VerifyPermissionsOptions,
} from './verify-permissions.ts';
export type {
  PermissionItem,
  PermissionItemKind,
  PermissionReport,
  PermissionSource,
  PermissionStatus,
  PermissionSummary,
} from './permission-report.ts';
