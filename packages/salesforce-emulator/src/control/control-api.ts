// The control API as in-process functions (the same ones `/__emulator` serves), the demo seed,
// snapshots and the CLI building blocks, re-exported by the package index.
export {
  CONTROL_INVALID_REQUEST,
  CONTROL_NOT_FOUND,
  CONTROL_UNAUTHORIZED,
  ControlError,
} from './control-error.ts';
export { createOrg, describeOrg, listOrgs, type OrgSummary } from './orgs.ts';
export { setOrgSettings } from './org-settings.ts';
export {
  createUser,
  deactivateUser,
  describeUser,
  listUsers,
  reactivateUser,
  type UserSummary,
} from './users.ts';
export { expirePassword, resetPassword, setPassword, type PasswordChange } from './passwords.ts';
export {
  listGrants,
  revokeGrantById,
  revokeGrantsOfApp,
  revokeGrantsOfUser,
  type GrantFilter,
  type GrantState,
  type GrantSummary,
} from './grants.ts';
export {
  assignPermissionSet,
  createPermissionSet,
  listPermissionSets,
  unassignPermissionSet,
  type CreatePermissionSetOptions,
  type PermissionSetSummary,
} from './permission-sets.ts';
export { setObjectPermissions, type ObjectPermissionPatch } from './object-permissions.ts';
export { changeUserProfile, setUserPermission } from './user-permissions.ts';
export type { PermissionTarget } from './permission-target.ts';
export { describeUserAccess, type UserAccessSummary } from './user-access.ts';
export {
  createApexPage,
  listApexPages,
  type ApexPageSummary,
  type CreateApexPageOptions,
} from './apex-pages.ts';
export {
  grantApexPageAccess,
  revokeApexPageAccess,
  type ApexPageAccess,
} from './apex-page-access.ts';
export { createConnectedApp, describeConnectedApp, listConnectedApps } from './apps.ts';
export type { AppPolicy } from './app-options.ts';
export { setClientCredentialsUser, setPreAuthorizedUsers, updateAppPolicy } from './policies.ts';
export { advanceClock, readClock, type ClockState } from './clock.ts';
export { clearFaults, injectFault, listFaults, type FaultSpec } from './faults.ts';
export {
  exhaustApiLimit,
  readApiUsage,
  restoreApiLimit,
  setApiUsage,
  type ApiUsage,
} from './api-limits.ts';
export {
  createCustomObject,
  listObjects,
  removeCustomObject,
  type CustomObjectOptions,
} from './schema.ts';
export { addCustomField, removeField, type CustomFieldOptions } from './custom-fields.ts';
export {
  createRecordAs,
  deleteRecordAs,
  undeleteRecordAs,
  updateRecordAs,
  type SaveResult,
} from './records.ts';
export { createApproval, createSession, type Approval } from './sessions.ts';
export { seedRecords, type SeedRecordsOptions, type SeedResult } from './seed-records.ts';
export {
  addEmulatorOptions,
  CONTROL_TOKEN_ENV,
  serveConfigFrom,
  type EmulatorCliOptions,
  type EmulatorServeConfig,
} from './cli-options.ts';
export { runEmulatorCommand, serveEmulator, type ServedEmulator } from './serve-emulator.ts';
export { seedDemo, type DemoSeed } from '../seed/demo.ts';
export {
  DEMO_APP,
  DEMO_ORG,
  DEMO_PERMISSION_SET,
  DEMO_SANDBOX,
  DEMO_USERS,
} from '../seed/demo-credentials.ts';
export { saveSnapshot, type SnapshotInfo } from '../snapshot/save-snapshot.ts';
export { loadSnapshot } from '../snapshot/load-snapshot.ts';
