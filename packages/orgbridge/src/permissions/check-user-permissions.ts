import { grantorWords, inPermissionSet, type FixContext } from './fix-context.ts';
import type { PermissionItem } from './permission-report.ts';
import type { HeldPermissionSet } from './read-permission-sets.ts';
import type { UserPermissionRequirement } from './requirement-profile.ts';
import type { Seen } from './salesforce-reader.ts';
import { userPermissionLabel } from './user-permission-labels.ts';

/**
 * One item per user permission: granted when any held set (the profile's own included) has its
 * `Permissions<Name>` field set, since a user's permissions are the OR over their sets.
 */
export function checkUserPermissions(
  requirements: readonly UserPermissionRequirement[],
  userPermissions: Map<string, Seen<HeldPermissionSet[]>>,
  ctx: FixContext,
): PermissionItem[] {
  return requirements.map(({ permission, need }) => {
    const label = userPermissionLabel(permission);
    const fix = inPermissionSet(ctx, `go to System Permissions → Edit, tick "${label}" and Save`);
    const base = {
      id: `userPermission:${permission}`,
      kind: 'userPermission' as const,
      target: permission,
      need,
      source: 'userPermissions' as const,
    };
    const held = userPermissions.get(permission);
    if (held === undefined || !held.visible) {
      return {
        ...base,
        status: 'unverifiable' as const,
        reason: held?.reason ?? `"${label}" was not read`,
        fix: `Check by hand that "${label}" is ticked under System Permissions in the profile or a permission set assigned to ${ctx.user}. ${fix}`,
      };
    }
    return held.value.length > 0
      ? {
          ...base,
          status: 'granted' as const,
          reason: `"${label}" is granted by ${grantorWords(held.value)}`,
          fix: null,
        }
      : {
          ...base,
          status: 'missing' as const,
          reason: `neither the profile nor any permission set of the user grants "${label}"`,
          fix,
        };
  });
}
