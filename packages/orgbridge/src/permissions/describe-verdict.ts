import { checkByHand, levelFix } from './object-fixes.ts';
import { verdict, type ObjectEvidence, type Verdict } from './object-evidence.ts';
import type { DescribeFlags } from './read-describe.ts';
import type { ObjectLevel } from './requirement-profile.ts';

const DESCRIBE_FLAG: Partial<Record<ObjectLevel, keyof DescribeFlags>> = {
  read: 'queryable',
  create: 'createable',
  edit: 'updateable',
  delete: 'deletable',
};

/** An object describe does not show at all (404): unreadable, or absent from the org. */
export function notShown(evidence: ObjectEvidence, object: string, level: ObjectLevel): Verdict {
  return verdict(
    'missing',
    'describe',
    `Salesforce does not show ${object} to this user: the user cannot read it, or the org has no such object`,
    `${levelFix(evidence.ctx, object, level)} If the org has no ${object}, install or create it first.`,
  );
}

/**
 * A level decided from the object's describe flags, which Salesforce computes for the user; null
 * for View All and Modify All, which describe does not show.
 */
export function fromDescribe(
  evidence: ObjectEvidence,
  object: string,
  level: ObjectLevel,
  fix: string,
  byHand: string = checkByHand(evidence.ctx, object, level),
): Verdict | null {
  const flagName = DESCRIBE_FLAG[level];
  if (flagName === undefined) return null;
  const d = evidence.describes.get(object.toLowerCase());
  if (d === undefined || d.kind === 'failed') {
    return verdict('unverifiable', 'describe', d?.reason ?? 'describe was not read', byHand);
  }
  if (d.kind === 'not_found') return notShown(evidence, object, level);
  return d.flags[flagName]
    ? verdict('granted', 'describe', `describe reports ${object} as ${flagName} for this user`)
    : verdict(
        'missing',
        'describe',
        `describe reports ${object} as not ${flagName} for this user`,
        fix,
      );
}
