import type { HeldPermissionSet } from './read-permission-sets.ts';

/** What a fix needs to name the right user and permission sets. */
export interface FixContext {
  /** Username, else the user id. */
  user: string;
  profileName: string | null;
  /** Labels of the permission sets assigned to the user (not the profile's), when known. */
  assignedSets: string[] | null;
}

export function fixContext(
  user: { id: string; username: string | null; profileName: string | null },
  held: HeldPermissionSet[] | null,
): FixContext {
  return {
    user: user.username ?? user.id,
    profileName: user.profileName,
    assignedSets: held?.filter((s) => !s.isOwnedByProfile).map((s) => s.label) ?? null,
  };
}

export function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/**
 * A Setup instruction to change something in a permission set held by the user: the one they
 * have, one of theirs, or a new one assigned to them. `step` is what to do inside the set
 * (`go to System Permissions → Edit, tick "Manage Users" and Save`).
 */
export function inPermissionSet(ctx: FixContext, step: string): string {
  const sets = ctx.assignedSets ?? [];
  if (sets.length === 0) {
    return (
      `In Setup → Permission Sets, click New and create a permission set for ${ctx.user}; in it, ` +
      `${step}. Then click Manage Assignments → Add Assignment and assign it to ${ctx.user}.`
    );
  }
  const which =
    sets.length === 1
      ? `${sets[0]!} (assigned to ${ctx.user})`
      : `one of the permission sets assigned to ${ctx.user} (${listWords(sets)})`;
  return `In Setup → Permission Sets, open ${which}, then ${step}.`;
}

/** "the profile Standard User and the permission set Partner Access". */
export function grantorWords(sets: readonly HeldPermissionSet[]): string {
  return listWords(
    sets.map((s) =>
      s.isOwnedByProfile ? `the profile ${s.label}` : `the permission set ${s.label}`,
    ),
  );
}
