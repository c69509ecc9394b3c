import { inPermissionSet, type FixContext } from './fix-context.ts';
import { alsoTicked, LEVEL_LABEL } from './object-levels.ts';
import type { ObjectLevel } from './requirement-profile.ts';

/** How to tick a level in a permission set the user holds. */
export function levelFix(ctx: FixContext, object: string, level: ObjectLevel): string {
  const also = alsoTicked(level);
  return inPermissionSet(
    ctx,
    `go to Object Settings → ${object} → Edit, tick ${LEVEL_LABEL[level]}` +
      `${also === '' ? '' : ` (Salesforce ticks ${also} with it)`} and Save`,
  );
}

/** How to confirm a level nobody could read, or to let orgbridge read it next time. */
export function checkByHand(ctx: FixContext, object: string, level: ObjectLevel): string {
  return (
    `Check by hand that ${LEVEL_LABEL[level]} is ticked under Object Settings → ${object} in the ` +
    `profile or a permission set assigned to ${ctx.user}, or give ${ctx.user} "View Setup and ` +
    'Configuration" so orgbridge can read object settings, then check again.'
  );
}
