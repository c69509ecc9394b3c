/**
 * The label Setup shows for a user permission's API name, so a fix names the checkbox the admin
 * will see. Unknown names fall back to the API name.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 */
const LABELS: Record<string, string> = {
  ApiEnabled: 'API Enabled',
  ApiUserOnly: 'API Only User',
  ViewSetup: 'View Setup and Configuration',
  ViewRoles: 'View Roles and Role Hierarchy',
  ManageUsers: 'Manage Users',
  ManageInternalUsers: 'Manage Internal Users',
  ViewAllUsers: 'View All Users',
  AssignPermissionSets: 'Assign Permission Sets',
  ManageProfilesPermissionsets: 'Manage Profiles and Permission Sets',
  ResetPasswords: 'Reset User Passwords and Unlock Users',
  ViewAllData: 'View All Data',
  ModifyAllData: 'Modify All Data',
  CustomizeApplication: 'Customize Application',
  PasswordNeverExpires: 'Password Never Expires',
  BulkApiHardDelete: 'Bulk API Hard Delete',
  AuthorApex: 'Author Apex',
};

/** `ViewSetup` → `View Setup and Configuration`. */
export function userPermissionLabel(permission: string): string {
  return LABELS[permission] ?? permission;
}
