import { escapeHtml } from '../../http/responses.ts';
import { renderPage } from './page-layout.ts';

/** What the change-password page shows. */
export interface ChangePasswordPageInput {
  action: string;
  username: string;
  error: string | null;
}

/**
 * The page an expired password leads to: a new password, typed twice. Saving it also resets the
 * user's security token, as every password change does.
 * @see https://help.salesforce.com/s/articleView?id=sf.users_password_change.htm
 */
export function renderChangePasswordPage(input: ChangePasswordPageInput): string {
  const error = input.error
    ? `<div id="error" class="error" role="alert">${escapeHtml(input.error)}</div>\n`
    : '';
  return renderPage(
    'Change Your Password | Salesforce',
    `<h1>Change Your Password</h1>
<p>Your password has expired. Enter a new password for <span id="username">${escapeHtml(input.username)}</span>.</p>
${error}<form id="changepassword" method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="oauth_action" value="change_password">
<label for="newpassword">New Password</label>
<input type="password" id="newpassword" name="newpassword" value="" autocomplete="new-password">
<label for="confirmpassword">Confirm New Password</label>
<input type="password" id="confirmpassword" name="confirmpassword" value="" autocomplete="new-password">
<button type="submit" id="password-button" name="save" value="Change Password">Change Password</button>
</form>`,
  );
}
