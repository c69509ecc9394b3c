import { REASON_TEXT, type StatusReason } from '../domain/connection-status.ts';

/** An email ready to send: plain text, no secret. */
export interface EmailMessage {
  subject: string;
  text: string;
}

/** The event an email is about, as stored (data is secret-free by construction). */
export interface EmailEvent {
  type: string;
  connectionId: string | null;
  occurredAt: number;
  data: Record<string, unknown>;
}

/** What the email says about the connection (it may have been deleted since: then null). */
export interface EmailConnection {
  nickname: string;
  username: string | null;
  orgId: string | null;
}

/**
 * The link a person follows to act on a connection: the connections page with the connection
 * and the action preselected (`reauthorize`, `permissions`, `health`), e.g.
 * `https://orgbridge.example.com/?connection=conn_…&action=reauthorize`.
 */
export function actionLink(publicUrl: string, connectionId: string, action: string): string {
  const url = new URL(`${publicUrl.replace(/\/+$/, '')}/`);
  url.searchParams.set('connection', connectionId);
  url.searchParams.set('action', action);
  return url.href;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function reasonText(reason: unknown): string {
  return typeof reason === 'string' && reason in REASON_TEXT
    ? REASON_TEXT[reason as StatusReason]
    : 'Salesforce no longer accepts this connection’s access.';
}

function describeConnection(event: EmailEvent, connection: EmailConnection | null): string[] {
  return [
    `Connection: ${connection?.nickname ?? event.connectionId ?? 'unknown'}`,
    ...(connection?.username ? [`Salesforce user: ${connection.username}`] : []),
    ...(connection?.orgId ? [`Salesforce org: ${connection.orgId}`] : []),
    `When: ${new Date(event.occurredAt).toISOString()}`,
  ];
}

const FOOTER = [
  '',
  '—',
  'orgbridge sends this once for each occurrence: it will not repeat while the condition lasts.',
  'You receive it as an admin address of this workspace (PUT /api/v1/notification-settings).',
];

/**
 * The subject and plain-text body of the email for an email event type (notify/email-events.ts):
 * what happened in plain words, and what to do with the link to do it. Null for other types.
 */
export function renderEmail(
  event: EmailEvent,
  connection: EmailConnection | null,
  publicUrl: string,
): EmailMessage | null {
  const name = connection?.nickname ?? event.connectionId ?? 'a connection';
  const link = (action: string) =>
    event.connectionId === null ? publicUrl : actionLink(publicUrl, event.connectionId, action);
  const about = describeConnection(event, connection);
  const { data } = event;
  switch (event.type) {
    case 'connection.needs_reauth':
      return {
        subject: `Action needed: re-authorize the Salesforce connection "${name}"`,
        text: [
          `The Salesforce connection "${name}" has stopped working and needs to be re-authorized.`,
          '',
          `Why: ${reasonText(data.reason)}`,
          '',
          ...about,
          '',
          'What to do: a Salesforce admin re-authorizes the connection here:',
          link('reauthorize'),
          '',
          'Until then, nothing is read from or written to Salesforce for this connection; queued',
          'writes wait and synchronization resumes where it stopped once it is re-authorized.',
          ...FOOTER,
        ].join('\n'),
      };
    case 'password.expiring': {
      const days = num(data.daysLeft);
      const expiresAt = str(data.expiresAt);
      const when = days === null ? 'soon' : days === 1 ? 'within a day' : `in ${days} days`;
      return {
        subject: `The Salesforce password of the connection "${name}" expires ${when}`,
        text: [
          `The password of the Salesforce user ${str(data.username) ?? connection?.username ?? ''} that the connection "${name}" logs in with expires ${when}${expiresAt ? ` (${expiresAt})` : ''}.`,
          '',
          ...about,
          '',
          'What to do: change the password in Salesforce before then, and give orgbridge the new',
          'password (and security token) by re-authorizing the connection here:',
          link('reauthorize'),
          '',
          'If the password expires first, the connection stops working until it is re-authorized.',
          ...FOOTER,
        ].join('\n'),
      };
    }
    case 'permissions.missing': {
      const missing = Array.isArray(data.missing)
        ? data.missing.filter((m): m is string => typeof m === 'string')
        : [];
      return {
        subject: `Action needed: a permission is missing for the Salesforce connection "${name}"`,
        text: [
          `A permission this integration requires is missing in Salesforce for the connection "${name}".`,
          '',
          `Why it matters: ${REASON_TEXT.permissions_missing}`,
          ...(missing.length > 0 ? ['', 'Missing:', ...missing.map((m) => `  - ${m}`)] : []),
          '',
          ...about,
          '',
          'What to do: a Salesforce admin grants the missing permissions to the user (the report',
          'names the profile or permission set to change). The connection is restored by the next',
          'permission check. See the report here:',
          link('permissions'),
          ...FOOTER,
        ].join('\n'),
      };
    }
    case 'api_limit.warning': {
      const percent = num(data.percent);
      const used = num(data.used);
      const max = num(data.max);
      return {
        subject: `Salesforce org of the connection "${name}" has used ${percent ?? num(data.threshold) ?? '?'}% of its daily API requests`,
        text: [
          `The Salesforce org of the connection "${name}" has used ${percent ?? '?'}% of its daily API requests${used !== null && max !== null ? ` (${used} of ${max})` : ''}.`,
          '',
          ...about,
          '',
          'Salesforce counts requests over a rolling 24 hours. orgbridge pauses its own background',
          'work when the org reaches its configured budget and resumes when usage falls again.',
          'What to do: check which integrations use the org’s API requests, or raise the limit',
          'with Salesforce. The connection’s health:',
          link('health'),
          ...FOOTER,
        ].join('\n'),
      };
    }
    default:
      return null;
  }
}
