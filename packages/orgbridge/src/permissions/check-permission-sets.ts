import type { FixContext } from './fix-context.ts';
import type { PermissionItem } from './permission-report.ts';
import type { OrgPermissionSet } from './read-permission-set-catalog.ts';
import type { HeldPermissionSet } from './read-permission-sets.ts';
import type { PermissionSetRequirement } from './requirement-profile.ts';
import type { Seen } from './salesforce-reader.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether a set answers to `wanted` by API name or label; a profile's own set never does. */
export function matchesPermissionSet(
  set: { name: string; label: string },
  wanted: string,
): boolean {
  return same(set.name, wanted) || same(set.label, wanted);
}

function assignFix(ctx: FixContext, label: string): string {
  return (
    `In Setup → Permission Sets → ${label}, click Manage Assignments → Add Assignment, ` +
    `tick ${ctx.user} and click Assign.`
  );
}

/**
 * One item per named permission set: granted when one assigned to the user matches by API name
 * or label. A missing one's fix depends on whether the org has it at all (`catalog`).
 */
export function checkPermissionSets(
  requirements: readonly PermissionSetRequirement[],
  held: Seen<HeldPermissionSet[]>,
  catalog: Seen<OrgPermissionSet[]>,
  ctx: FixContext,
): PermissionItem[] {
  return requirements.map(({ name, need }) => {
    const base = {
      id: `permissionSet:${name}`,
      kind: 'permissionSet' as const,
      target: name,
      need,
      source: 'permissionSetAssignments' as const,
    };
    if (!held.visible) {
      return {
        ...base,
        status: 'unverifiable' as const,
        reason: held.reason,
        fix: `Check by hand in Setup → Users → ${ctx.user} → Permission Set Assignments that ${name} is listed. If it is not: ${assignFix(ctx, name)}`,
      };
    }
    const found = held.value.find((s) => !s.isOwnedByProfile && matchesPermissionSet(s, name));
    if (found)
      return {
        ...base,
        status: 'granted' as const,
        reason: `the permission set ${found.label} (${found.name}) is assigned to the user`,
        fix: null,
      };
    const inOrg = catalog.visible
      ? catalog.value.find((s) => matchesPermissionSet(s, name))
      : undefined;
    const fix = inOrg
      ? assignFix(ctx, inOrg.label)
      : catalog.visible
        ? `The org has no permission set named ${name}: install the package that provides it (or create it in Setup → Permission Sets → New), then assign it: ${assignFix(ctx, name)}`
        : assignFix(ctx, name);
    return {
      ...base,
      status: 'missing' as const,
      reason: `no permission set named ${name} is assigned to the user`,
      fix,
    };
  });
}
