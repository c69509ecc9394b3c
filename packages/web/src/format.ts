import type { Connection, OrgEvent } from './types.ts';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "3 min ago", "in 2 hr", "just now": for a timestamp the server sent as ISO 8601. */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return seconds <= 0 ? 'just now' : 'in a few seconds';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'always', style: 'short' });
  for (const [unit, size] of UNITS) {
    if (abs >= size * (unit === 'minute' ? 0.75 : 1))
      return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

export function absoluteTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toLocaleString();
}

export const formatCount = (n: number): string => new Intl.NumberFormat('en').format(n);

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${String(Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min`;
  return `${String(Math.floor(minutes / 60))} h ${String(minutes % 60)} min`;
}

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  degraded: 'Degraded',
  needs_reauth: 'Needs re-authorization',
  disabled: 'Disabled',
  pending: 'Pending',
};

export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

// Short, plain sentences for the list and the badge; the server's statusMessage, longer, is shown
// on the detail page as well.
const REASON_TEXT: Record<string, string> = {
  refresh_token_revoked: 'Access was revoked in Salesforce',
  token_limit_exceeded: 'Displaced: the same user authorized the app a sixth time',
  user_inactive: 'The Salesforce user was deactivated',
  password_expired: "The user's password expired",
  app_not_approved: 'The connected app is not approved for this user',
  app_uninstalled: 'The connected app was removed from Salesforce',
  org_mismatch: 'Re-authorization signed in to a different org; the previous access was kept',
  credentials_invalid: 'Salesforce no longer accepts the stored credentials',
  salesforce_unavailable: 'Salesforce is not responding normally; retrying',
  api_limit_exceeded: "The org's daily API allowance is used up",
  network_error: 'Salesforce could not be reached; retrying',
  timeout: 'Salesforce did not answer in time; retrying',
  login_restricted: 'Login hours or IP ranges refuse the login for now',
  permissions_missing: 'A required permission is missing in Salesforce',
};

/** The status reason in plain words; for codes this page does not know, the server's own text. */
export function reasonText(
  connection: Pick<Connection, 'statusReason' | 'statusMessage' | 'statusDetail' | 'status'>,
): string | null {
  const { statusReason, statusMessage, statusDetail } = connection;
  if (statusReason !== null) {
    const known = REASON_TEXT[statusReason];
    if (known !== undefined) {
      const by = statusDetail?.displacedByNickname;
      return statusReason === 'token_limit_exceeded' && typeof by === 'string'
        ? `${known} (for “${by}”)`
        : known;
    }
    return statusMessage ?? detailText(statusDetail) ?? statusReason;
  }
  if (connection.status === 'pending') return 'Waiting for a Salesforce admin to authorize';
  return statusMessage ?? detailText(statusDetail);
}

function detailText(detail: Record<string, unknown> | null): string | null {
  if (detail === null) return null;
  const message = detail.message;
  if (typeof message === 'string') return message;
  const entries = Object.entries(detail).filter(
    ([, v]) => typeof v === 'string' || typeof v === 'number',
  );
  return entries.length === 0 ? null : entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ');
}

const ENVIRONMENT_LABELS: Record<string, string> = {
  production: 'Production',
  sandbox: 'Sandbox',
  custom: 'Custom domain',
};

export const environmentLabel = (environment: string): string =>
  ENVIRONMENT_LABELS[environment] ?? environment;

const AUTH_FLOW_LABELS: Record<string, string> = {
  web_server: 'Web server (browser sign-in)',
  jwt_bearer: 'JWT bearer',
  client_credentials: 'Client credentials',
  password: 'Username and password',
};

export const authFlowLabel = (flow: string): string => AUTH_FLOW_LABELS[flow] ?? flow;

const EVENT_LABELS: Record<string, string> = {
  'connection.created': 'Connected',
  'connection.reauthorized': 'Re-authorized',
  'connection.needs_reauth': 'Needs re-authorization',
  'connection.degraded': 'Degraded',
  'connection.restored': 'Restored',
  'connection.disabled': 'Disabled',
  'connection.enabled': 'Enabled',
  'connection.deleted': 'Deleted',
  'permissions.missing': 'Permissions missing',
  'permissions.restored': 'Permissions restored',
  'password.expiring': 'Password expiring',
  'api_limit.warning': 'API limit warning',
  'sync.completed': 'Sync completed',
  'sync.failed': 'Sync failed',
  'write.failed': 'Write failed',
  'write.conflict': 'Write conflict',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const count = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);

/** One line about what an event says, from the `data` fields each type carries. */
export function eventSummary(event: OrgEvent): string {
  const d = event.data;
  const reason = str(d.reason);
  const plainReason = reason === null ? null : (REASON_TEXT[reason] ?? reason);
  switch (event.type) {
    case 'connection.created':
    case 'connection.reauthorized': {
      const who = str(d.username);
      const org = str(d.orgId);
      return [who && `as ${who}`, org && `org ${org}`].filter(Boolean).join(', ') || '';
    }
    case 'connection.needs_reauth':
    case 'connection.degraded':
      return plainReason ?? '';
    case 'connection.restored':
      return 'Working again';
    case 'connection.deleted':
      return str(d.nickname) ?? '';
    case 'permissions.missing': {
      const n = count(d.missing);
      return n === null
        ? 'A required permission is missing'
        : `${String(n)} required item(s) missing`;
    }
    case 'password.expiring': {
      const days = num(d.daysLeft);
      return days === null
        ? 'The password expires soon'
        : `The password expires in ${String(days)} day(s)`;
    }
    case 'api_limit.warning': {
      const percent = num(d.percent);
      const used = num(d.used);
      const max = num(d.max);
      return percent === null
        ? 'API usage is high'
        : `${String(percent)} % of the daily API allowance used` +
            (used !== null && max !== null ? ` (${formatCount(used)} of ${formatCount(max)})` : '');
    }
    case 'sync.completed': {
      const object = str(d.object) ?? 'Object';
      const records = num(d.records);
      return `${object}${records === null ? '' : `: ${formatCount(records)} records`}${d.initial === true ? ' (first load)' : ''}`;
    }
    case 'sync.failed':
      return [str(d.object), str(d.error)].filter(Boolean).join(': ');
    case 'write.failed': {
      const n = count(d.writes);
      return `${str(d.object) ?? 'Record'}${n === null ? '' : `: ${String(n)} write(s) failed`}`;
    }
    case 'write.conflict': {
      const n = count(d.conflicts);
      return `${str(d.object) ?? 'Record'}${n === null ? '' : `: ${String(n)} conflict(s)`}`;
    }
    default:
      return plainReason ?? '';
  }
}
