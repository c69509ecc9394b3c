/**
 * A minimal scripted browser for the emulator's login and consent pages: a cookie jar, manual
 * redirects, and form submission by element id — enough to walk the OAuth web-server flow the
 * way a person would, over real HTTP.
 */
export class ScriptedBrowser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return response;
  }

  /** Submits the form containing the element with `buttonId` (a submit button), with field overrides. */
  async submit(
    pageUrl: string,
    html: string,
    buttonId: string,
    values: Record<string, string> = {},
  ): Promise<Response> {
    const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
    const form = forms.find((f) => new RegExp(`id=["']${buttonId}["']`).test(f[2]!));
    if (!form) throw new Error(`no form with #${buttonId} on ${pageUrl}`);
    const attrs = form[1]!;
    const action = /action=["']([^"']*)["']/i.exec(attrs)?.[1] ?? pageUrl;
    const method = (/method=["']([^"']*)["']/i.exec(attrs)?.[1] ?? 'GET').toUpperCase();
    const fields = new URLSearchParams();
    for (const input of form[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name=["']([^"']*)["']/i.exec(input[1]!)?.[1];
      if (!name) continue;
      const value = /value=["']([^"']*)["']/i.exec(input[1]!)?.[1] ?? '';
      fields.set(name, decodeEntities(value));
    }
    for (const [k, v] of Object.entries(values)) fields.set(k, v);
    const button =
      new RegExp(`<button\\b[^>]*id=["']${buttonId}["'][^>]*>`, 'i').exec(form[2]!)?.[0] ?? '';
    const buttonName = /name=["']([^"']*)["']/i.exec(button)?.[1];
    if (buttonName)
      fields.set(buttonName, decodeEntities(/value=["']([^"']*)["']/i.exec(button)?.[1] ?? ''));
    const target = new URL(decodeEntities(action), pageUrl).toString();
    if (method === 'GET')
      return this.fetch(`${target}${target.includes('?') ? '&' : '?'}${fields.toString()}`);
    return this.fetch(target, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
  }

  /**
   * Opens an authorize URL, logs in if asked, approves if asked, and returns the URL the emulator
   * finally redirects to (the app's callback with `code` or `error`).
   */
  async authorize(authorizeUrl: string, username: string, password: string): Promise<URL> {
    let url = authorizeUrl;
    let response = await this.fetch(url);
    for (let step = 0; step < 10; step++) {
      if (response.status >= 300 && response.status < 400) {
        const location = new URL(response.headers.get('location')!, url).toString();
        if (!location.includes('/services/oauth2/') && !location.includes('/login'))
          return new URL(location);
        url = location;
        response = await this.fetch(url);
        continue;
      }
      const html = await response.text();
      if (/id=["']Login["']/.test(html)) {
        response = await this.submit(url, html, 'Login', { username, pw: password });
      } else if (/id=["']oaapprove["']/.test(html)) {
        response = await this.submit(url, html, 'oaapprove');
      } else {
        throw new Error(`unexpected page (${response.status}) at ${url}: ${html.slice(0, 300)}`);
      }
    }
    throw new Error('too many steps in the authorize flow');
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
