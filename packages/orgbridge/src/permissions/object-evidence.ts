import type { FixContext } from './fix-context.ts';
import type { PermissionItem, PermissionSource, PermissionStatus } from './permission-report.ts';
import type { DescribeResult } from './read-describe.ts';
import type { ObjectGrant } from './read-object-permissions.ts';
import type { HeldPermissionSet } from './read-permission-sets.ts';
import type { Seen } from './salesforce-reader.ts';

/** What the object checks decide from; map keys are object names in lower case. */
export interface ObjectEvidence {
  objectPermissions: Seen<Map<string, ObjectGrant>>;
  describes: Map<string, DescribeResult>;
  /** Held sets granting each user permission read (ViewAllData and ModifyAllData among them). */
  userPermissions: Map<string, Seen<HeldPermissionSet[]>>;
  ctx: FixContext;
}

/** How one object level was decided. */
export type Verdict = Pick<PermissionItem, 'status' | 'reason' | 'fix' | 'source'>;

export const verdict = (
  status: PermissionStatus,
  source: PermissionSource,
  reason: string,
  fix: string | null = null,
): Verdict => ({ status, reason, fix, source });
