import type { PermissionItem } from './permission-report.ts';
import type { UserFacts } from './read-user.ts';
import type { ProfileRequirement } from './requirement-profile.ts';
import type { Seen } from './salesforce-reader.ts';

/**
 * The item for a required profile, matched on `User.Profile.Name` ignoring case. Standard
 * profile names can be translated into the org's language, so requirement profiles should prefer
 * the user permissions a profile stands for and keep the name itself optional.
 */
export function checkProfile(
  requirement: ProfileRequirement,
  user: Seen<UserFacts>,
): PermissionItem {
  const { name, need } = requirement;
  const base = {
    id: `profile:${name}`,
    kind: 'profile' as const,
    target: name,
    need,
    source: 'user' as const,
  };
  if (!user.visible)
    return {
      ...base,
      status: 'unverifiable',
      reason: user.reason,
      fix: `Check by hand in Setup → Users that the user's Profile is ${name}.`,
    };
  const who = user.value.username ?? user.value.id;
  const current = user.value.profileName;
  if (current !== null && current.toLowerCase() === name.toLowerCase())
    return { ...base, status: 'granted', reason: `the user's profile is ${current}`, fix: null };
  return {
    ...base,
    status: 'missing',
    reason: `the user's profile is ${current ?? 'not visible'}, not ${name}`,
    fix: `In Setup → Users, click Edit next to ${who}, set Profile to ${name} and Save.`,
  };
}
