import { fromDescribe, notShown } from './describe-verdict.ts';
import { grantorWords, listWords } from './fix-context.ts';
import { checkSetupObject } from './check-setup-object.ts';
import { LEVEL_LABEL } from './object-levels.ts';
import { checkByHand, levelFix } from './object-fixes.ts';
import { verdict, type ObjectEvidence, type Verdict } from './object-evidence.ts';
import type { PermissionItem } from './permission-report.ts';
import { OBJECT_LEVELS, type ObjectLevel, type ObjectRequirement } from './requirement-profile.ts';
import { isSetupObject } from './setup-objects.ts';

export type { ObjectEvidence } from './object-evidence.ts';

/** Granted through View All Data or Modify All Data, which widen every data object. */
function allDataGrant(evidence: ObjectEvidence, level: ObjectLevel): string | null {
  const granted = (p: string) => {
    const s = evidence.userPermissions.get(p);
    return s?.visible === true && s.value.length > 0 ? s.value : null;
  };
  const modifyAll = granted('ModifyAllData');
  if (modifyAll)
    return `Modify All Data (from ${grantorWords(modifyAll)}) grants every level on every object`;
  const viewAll = granted('ViewAllData');
  if (viewAll && (level === 'read' || level === 'viewAll'))
    return `View All Data (from ${grantorWords(viewAll)}) grants Read and View All on every object`;
  return null;
}

function checkDataObject(evidence: ObjectEvidence, object: string, level: ObjectLevel): Verdict {
  const fix = levelFix(evidence.ctx, object, level);
  // Checked first: View All Data and Modify All Data would otherwise "grant" an object the org lacks.
  if (evidence.describes.get(object.toLowerCase())?.kind === 'not_found')
    return notShown(evidence, object, level);
  const op = evidence.objectPermissions;
  if (op.visible) {
    const grant = op.value.get(object.toLowerCase());
    if (grant?.levels[level]) {
      const by = grantorWords(grant.grantedBy[level]);
      return verdict(
        'granted',
        'objectPermissions',
        `${LEVEL_LABEL[level]} on ${object} is granted by ${by}`,
      );
    }
    const widened = allDataGrant(evidence, level);
    if (widened) return verdict('granted', 'userPermissions', widened);
    const has = OBJECT_LEVELS.filter((l) => grant?.levels[l]).map((l) => LEVEL_LABEL[l]);
    return verdict(
      'missing',
      'objectPermissions',
      `neither the profile nor any permission set of the user grants ${LEVEL_LABEL[level]} on ${object}` +
        (has.length > 0 ? `; the user has ${listWords(has)}` : ''),
      fix,
    );
  }
  const widened = allDataGrant(evidence, level);
  if (widened) return verdict('granted', 'userPermissions', widened);
  return (
    fromDescribe(evidence, object, level, fix) ??
    verdict(
      'unverifiable',
      'describe',
      `describe does not show ${LEVEL_LABEL[level]}, and ${op.reason}`,
      checkByHand(evidence.ctx, object, level),
    )
  );
}

/**
 * One item per object and level asked for. Data objects are decided from ObjectPermissions (with
 * the levels each implies, widened by View All Data and Modify All Data); where those rows are not
 * visible, from describe, which cannot show View All or Modify All. An object that describe does
 * not show at all is missing, whatever else says otherwise. Setup objects such as User
 * have no object settings and are decided from describe and the user permissions they follow.
 */
export function checkObjects(
  requirements: readonly ObjectRequirement[],
  evidence: ObjectEvidence,
): PermissionItem[] {
  const items: PermissionItem[] = [];
  for (const { object, access } of requirements) {
    for (const level of OBJECT_LEVELS) {
      const need = access[level];
      if (need === undefined) continue;
      const decided = isSetupObject(object)
        ? checkSetupObject(evidence, object, level)
        : checkDataObject(evidence, object, level);
      items.push({
        id: `object:${object}:${level}`,
        kind: 'object',
        target: object,
        level,
        need,
        ...decided,
      });
    }
  }
  return items;
}
