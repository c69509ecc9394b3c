import { formatCount, relativeTime } from './format.ts';
import type { Connection, Health } from './types.ts';

/** How far ahead a password expiry is worth a warning. */
const PASSWORD_WARNING_DAYS = 14;
/** API usage above this share of the daily allowance is worth a warning before work pauses. */
const API_USAGE_WARNING_PERCENT = 80;

export interface Warning {
  key: string;
  text: string;
}

/** What an admin should act on before it breaks the connection, from the health view. */
export function warningsOf(
  connection: Connection,
  health: Health | undefined,
  now = Date.now(),
): Warning[] {
  const warnings: Warning[] = [];
  if (health === undefined) return warnings;
  const advice = health.integrationUser;
  if (advice.warning !== null)
    warnings.push({
      key: 'person',
      text:
        advice.kind === 'person'
          ? `Runs as a person, not an integration user: ${advice.warning}`
          : advice.warning,
    });
  if (health.passwordExpiresAt !== null) {
    const at = Date.parse(health.passwordExpiresAt);
    if (!Number.isNaN(at) && at - now < PASSWORD_WARNING_DAYS * 86_400_000)
      warnings.push({
        key: 'password',
        text:
          at <= now
            ? 'The password has expired by the org’s policy.'
            : `The password expires ${relativeTime(health.passwordExpiresAt, now)}.`,
      });
  }
  const usage = health.apiUsage;
  if (usage !== null) {
    if (usage.paused)
      warnings.push({
        key: 'api',
        text: `Background work is paused: the org used ${String(usage.percent)} % of its daily API allowance (budget ${String(usage.budgetPercent)} %).`,
      });
    else if (usage.percent >= Math.min(API_USAGE_WARNING_PERCENT, usage.budgetPercent))
      warnings.push({
        key: 'api',
        text: `API budget: ${String(usage.percent)} % of the daily allowance used (${formatCount(usage.used)} of ${formatCount(usage.max)}).`,
      });
  }
  const displacedBy = connection.statusDetail?.displacedByNickname;
  if (connection.statusReason === 'token_limit_exceeded')
    warnings.push({
      key: 'approvals',
      text:
        typeof displacedBy === 'string'
          ? `Salesforce keeps five approvals per user and app; authorizing “${displacedBy}” displaced this one. Use a dedicated integration user per connection, or re-authorize.`
          : 'Salesforce keeps five approvals per user and app; a newer one displaced this connection. Re-authorize it, ideally as a dedicated integration user.',
    });
  return warnings;
}

export function WarningList({ warnings }: { warnings: Warning[] }) {
  if (warnings.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="warnings">
      {warnings.map((w) => (
        <li key={w.key}>{w.text}</li>
      ))}
    </ul>
  );
}
