import type { AuthorizationOutcome } from '../connections/complete-authorization.ts';
import { REASON_TEXT, type StatusReason } from '../domain/connection-status.ts';

/** A page for the admin's browser at the end of a trip to Salesforce. */
export interface CallbackPage {
  status: number;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made inert in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Self-contained on purpose: the page's CSP allows no script, image, font or external style.
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}' +
  'main{max-width:36rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;' +
  'box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin:0 0 1rem}' +
  '.ok h1{color:#1a7f37}.fail h1{color:#b42318}p{margin:.5rem 0}.small{color:#57606a;font-size:.9rem}';

function page(
  status: number,
  kind: 'ok' | 'fail',
  title: string,
  paragraphs: string[],
): CallbackPage {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('');
  return {
    status,
    html:
      `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<meta name="robots" content="noindex">` +
      `<title>${escapeHtml(title)} · orgbridge</title><style>${STYLE}</style></head>` +
      `<body><main class="${kind}"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  };
}

const text = (value: string) => escapeHtml(value);
const strong = (value: string) => `<strong>${escapeHtml(value)}</strong>`;
const small = (value: string) => `<span class="small">${escapeHtml(value)}</span>`;

const FAILURE_TITLES: Record<string, string> = {
  AUTHORIZATION_DENIED: 'Access was not allowed',
  CONNECT_SESSION_UNKNOWN: 'Unknown connect link',
  CONNECT_SESSION_USED: 'This connect link was already used',
  CONNECT_SESSION_EXPIRED: 'This connect link expired',
  ORG_MISMATCH: 'Wrong Salesforce org',
  CONNECTION_NOT_FOUND: 'The connection no longer exists',
  REAUTH_REQUIRED: 'Salesforce refused the authorization',
  SALESFORCE_UNAVAILABLE: 'Salesforce did not answer',
  SALESFORCE_LIMIT_EXCEEDED: 'Salesforce is limiting requests',
};

function reasonText(reason: string | null | undefined): string | null {
  return reason && reason in REASON_TEXT ? REASON_TEXT[reason as StatusReason] : null;
}

/**
 * The page for the outcome of `GET /oauth/callback`: 200 with who was connected to which org,
 * or 400 with what went wrong in plain words and what to do next. Everything is escaped, and
 * nothing secret is ever part of an outcome.
 */
export function renderCallbackPage(outcome: AuthorizationOutcome): CallbackPage {
  if (outcome.ok) {
    const { connection } = outcome;
    const identity = connection.identity;
    const org = identity
      ? `the Salesforce ${identity.isSandbox ? 'sandbox' : 'org'} ${identity.orgId}`
      : 'Salesforce';
    const who = identity?.username ?? 'the Salesforce user';
    const verb = outcome.purpose === 'reauthorize' ? 'Re-authorized' : 'Connected';
    const paragraphs = [
      `${verb} ${strong(connection.nickname)} to ${text(org)} as ${strong(who)}.`,
    ];
    if (connection.status === 'disabled')
      paragraphs.push(text('The connection is disabled: enable it in your application to use it.'));
    if (outcome.displaced.length > 0)
      paragraphs.push(
        text(
          `Salesforce keeps five approvals of an app per user, so this one made it revoke ${outcome.displaced.length === 1 ? 'another connection' : `${outcome.displaced.length} other connections`} of the same user; ${outcome.displaced.length === 1 ? 'it needs' : 'they need'} re-authorizing.`,
        ),
      );
    paragraphs.push(small('You can close this window.'));
    return page(200, 'ok', verb, paragraphs);
  }

  const title = FAILURE_TITLES[outcome.code] ?? 'The connection could not be completed';
  const paragraphs: string[] = [];
  if (outcome.connection) paragraphs.push(`Connection: ${strong(outcome.connection.nickname)}`);
  switch (outcome.code) {
    case 'AUTHORIZATION_DENIED':
      paragraphs.push(
        text(
          'Access was denied at Salesforce, so nothing was connected. To connect, start again from your application and choose Allow.',
        ),
      );
      break;
    case 'ORG_MISMATCH':
      paragraphs.push(
        text(outcome.message),
        text(
          'A connection stays with the org it was first authorized for, so that its data never mixes two orgs. To connect the other org, create a new connection.',
        ),
      );
      break;
    case 'SALESFORCE_UNAVAILABLE':
    case 'SALESFORCE_LIMIT_EXCEEDED':
      paragraphs.push(
        text('Nothing was connected. Wait a few minutes, then start again from your application.'),
      );
      break;
    default:
      paragraphs.push(text(reasonText(outcome.reason) ?? outcome.message));
  }
  if (outcome.salesforceMessage)
    paragraphs.push(small(`Salesforce said: ${outcome.salesforceMessage}`));
  paragraphs.push(small(`Error code: ${outcome.code}`));
  return page(400, 'fail', title, paragraphs);
}

/** The page for a callback that failed inside orgbridge (the error itself is logged, not shown). */
export function renderInternalErrorPage(): CallbackPage {
  return page(500, 'fail', 'Something went wrong', [
    text('orgbridge could not complete the connection. Start again from your application.'),
    small('Error code: INTERNAL'),
  ]);
}

/** The page for a callback URL too long to be Salesforce's. */
export function renderMalformedCallbackPage(): CallbackPage {
  return page(400, 'fail', 'This is not a Salesforce callback', [
    text('The link is malformed. Start again from your application.'),
    small('Error code: VALIDATION_FAILED'),
  ]);
}
