import { escapeHtml } from '../../http/responses.ts';
import { renderPage } from './page-layout.ts';

// Salesforce's wording for each scope on the approval page.
const SCOPE_LABELS: Record<string, string> = {
  api: 'Manage user data via APIs (api)',
  refresh_token: 'Perform requests at any time (refresh_token, offline_access)',
  offline_access: 'Perform requests at any time (refresh_token, offline_access)',
  id: 'Access the identity URL service (id, profile, email, address, phone)',
  profile: 'Access the identity URL service (id, profile, email, address, phone)',
  email: 'Access the identity URL service (id, profile, email, address, phone)',
  address: 'Access the identity URL service (id, profile, email, address, phone)',
  phone: 'Access the identity URL service (id, profile, email, address, phone)',
  openid: 'Access unique user identifiers (openid)',
  web: 'Manage user data via Web browsers (web)',
  full: 'Full access (full)',
  chatter_api: 'Access Connect REST API resources (chatter_api)',
  custom_permissions: 'Access custom permissions (custom_permissions)',
  visualforce: 'Access Visualforce applications (visualforce)',
  wave_api: 'Access Analytics REST API resources (wave_api)',
  pardot_api: 'Access Pardot services (pardot_api)',
  lightning: 'Access Lightning applications (lightning)',
  content: 'Access content resources (content)',
};

/** What the consent page shows. */
export interface ConsentPageInput {
  action: string;
  appName: string;
  username: string;
  scopes: string[];
}

/**
 * The "Allow Access?" page: the app's name, what the requested scopes let it do, and the
 * `#oaapprove` (Allow) and `#oadeny` (Deny) buttons.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function renderConsentPage(input: ConsentPageInput): string {
  const labels = [...new Set(input.scopes.map((s) => SCOPE_LABELS[s] ?? `(${s})`))];
  const items = labels.map((l) => `<li>${escapeHtml(l)}</li>`).join('\n');
  return renderPage(
    'Allow Access? | Salesforce',
    `<h1>Allow Access?</h1>
<p><strong id="appName">${escapeHtml(input.appName)}</strong> is asking to:</p>
<ul id="scopes">
${items}
</ul>
<p>Do you want to allow access for <span id="username">${escapeHtml(input.username)}</span>?</p>
<form id="frm" method="post" action="${escapeHtml(input.action)}">
<button type="submit" id="oadeny" name="oauth_action" value="deny">Deny</button>
<button type="submit" id="oaapprove" name="oauth_action" value="approve">Allow</button>
</form>`,
  );
}
