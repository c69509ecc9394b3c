import { escapeHtml } from '../../http/responses.ts';
import { renderPage } from './page-layout.ts';

/** The text the login page shows for any failed login (unknown user, wrong password, inactive user). */
export const LOGIN_FAILED_TEXT =
  "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";

/** What the login page shows. */
export interface LoginPageInput {
  /** Where the form posts: the authorize URL it was shown for. */
  action: string;
  username: string;
  error: string | null;
}

/**
 * The login page of the authorize endpoint: `#username`, `#password` (field `pw`) and `#Login`,
 * as on Salesforce's own page, so browser automation written for one works on the other.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error
    ? `<div id="error" class="error" role="alert">${escapeHtml(input.error)}</div>\n`
    : '';
  return renderPage(
    'Login | Salesforce',
    `<h1>Salesforce</h1>
${error}<form id="login_form" name="login" method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="oauth_action" value="login">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(input.username)}" autocomplete="username">
<label for="password">Password</label>
<input type="password" id="password" name="pw" value="" autocomplete="current-password">
<button type="submit" id="Login" name="Login" value="Log In">Log In</button>
</form>`,
  );
}
