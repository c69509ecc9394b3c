import { grantorWords, inPermissionSet, type FixContext } from './fix-context.ts';
import type { PermissionItem } from './permission-report.ts';
import type { VisualforceFacts } from './read-visualforce-access.ts';
import type { VisualforcePageRequirement } from './requirement-profile.ts';
import type { Seen } from './salesforce-reader.ts';

function enableFix(ctx: FixContext, page: string): string {
  return inPermissionSet(
    ctx,
    `go to Visualforce Page Access → Edit, move ${page} to Enabled Visualforce Pages and Save`,
  );
}

/**
 * One item per Visualforce page: granted when a held set enables the page (SetupEntityAccess).
 * When ApexPage or SetupEntityAccess cannot be queried, the item is unverifiable and the fix
 * says where to look by hand.
 */
export function checkVisualforcePages(
  requirements: readonly VisualforcePageRequirement[],
  facts: Seen<VisualforceFacts>,
  ctx: FixContext,
): PermissionItem[] {
  return requirements.map(({ name, need }) => {
    const base = {
      id: `visualforcePage:${name}`,
      kind: 'visualforcePage' as const,
      target: name,
      need,
      source: 'setupEntityAccess' as const,
    };
    if (!facts.visible)
      return {
        ...base,
        status: 'unverifiable' as const,
        reason: facts.reason,
        fix: `Check by hand that ${name} is under Enabled Visualforce Pages in the profile or a permission set assigned to ${ctx.user}. If it is not: ${enableFix(ctx, name)}`,
      };
    const page = facts.value.pages.get(name) ?? null;
    if (page === null)
      return {
        ...base,
        status: 'missing' as const,
        reason: `the org has no Visualforce page named ${name}`,
        fix: `Install the package that provides ${name}, then enable it: ${enableFix(ctx, name)}`,
      };
    const by = facts.value.enabledBy.get(page.id) ?? [];
    return by.length > 0
      ? {
          ...base,
          status: 'granted' as const,
          reason: `${page.fullName} is enabled by ${grantorWords(by)}`,
          fix: null,
        }
      : {
          ...base,
          status: 'missing' as const,
          reason: `neither the profile nor any permission set of the user enables ${page.fullName}`,
          fix: enableFix(ctx, page.fullName),
        };
  });
}
