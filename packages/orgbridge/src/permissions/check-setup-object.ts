import { grantorWords, inPermissionSet } from './fix-context.ts';
import { fromDescribe } from './describe-verdict.ts';
import { LEVEL_LABEL } from './object-levels.ts';
import { verdict, type ObjectEvidence, type Verdict } from './object-evidence.ts';
import type { ObjectLevel } from './requirement-profile.ts';
import { governingPermission } from './setup-objects.ts';
import { userPermissionLabel } from './user-permission-labels.ts';

/**
 * A level on an object Setup has no object settings for (User, PermissionSet, …): from describe
 * where it shows the level, else from the user permission that governs it.
 */
export function checkSetupObject(
  evidence: ObjectEvidence,
  object: string,
  level: ObjectLevel,
): Verdict {
  const permission = governingPermission(object, level);
  const fix =
    permission === null
      ? `Setup has no object settings for ${object}, and no permission grants ${LEVEL_LABEL[level]} on it: drop this level from the requirement profile.`
      : `Setup has no object settings for ${object}; access to it follows system permissions. ` +
        inPermissionSet(
          evidence.ctx,
          `go to System Permissions → Edit, tick "${userPermissionLabel(permission)}" and Save`,
        );
  const byHand = `Check by hand what ${evidence.ctx.user} may do with ${object}. ${fix}`;
  const described = fromDescribe(evidence, object, level, fix, byHand);
  if (described) return described;
  const held = permission === null ? undefined : evidence.userPermissions.get(permission);
  if (permission === null || held === undefined)
    return verdict(
      'unverifiable',
      'describe',
      `${object} has no ${LEVEL_LABEL[level]} setting and describe does not show it`,
      fix,
    );
  const label = userPermissionLabel(permission);
  if (!held.visible) return verdict('unverifiable', 'userPermissions', held.reason, fix);
  return held.value.length > 0
    ? verdict(
        'granted',
        'userPermissions',
        `${LEVEL_LABEL[level]} on ${object} follows "${label}", granted by ${grantorWords(held.value)}`,
      )
    : verdict(
        'missing',
        'userPermissions',
        `${LEVEL_LABEL[level]} on ${object} follows "${label}", which the user does not have`,
        fix,
      );
}
