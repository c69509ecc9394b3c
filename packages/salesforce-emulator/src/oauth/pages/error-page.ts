import { renderPage } from './page-layout.ts';

/**
 * The page an authorize request gets when the emulator must not redirect (unknown client, bad
 * redirect URI): the error in Salesforce's wording, `error=…&error_description=…` with
 * `%20`-encoded spaces, which some clients scrape from the page.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
export function renderErrorPage(error: string, description: string): string {
  // Percent-encoded, the line holds no markup; it stays unescaped so the page carries it verbatim.
  const line = `error=${encodeURIComponent(error)}&error_description=${encodeURIComponent(description)}`;
  return renderPage(
    'Error | Salesforce',
    `<h1>Remote Access Error</h1>
<p id="error" class="error">${line}</p>`,
  );
}
