import type { Emulator } from '../emulator.ts';
import { LOGIN_HOSTNAME, SANDBOX_LOGIN_HOSTNAME } from '../emulator.ts';
import type { Org } from '../model/org.ts';

/**
 * Which emulated host a request reached. Each host is a path prefix on the one port
 * (`/login.salesforce.com/…`, `/acme.my.salesforce.com/…`); requests without a prefix reach the
 * "pod", which serves every org and finds the org from the session (as `na1.salesforce.com`
 * did before My Domain). jsforce's SOAP login keeps only scheme and host of the server URL, so
 * it talks to the pod.
 */
export type Host =
  | { kind: 'login'; hostname: string; sandbox: boolean; org: null }
  | { kind: 'mydomain'; hostname: string; sandbox: boolean; org: Org }
  | { kind: 'pod'; hostname: null; sandbox: null; org: null };

export function resolveHost(emulator: Emulator, hostname: string | undefined): Host | undefined {
  if (hostname === undefined) return { kind: 'pod', hostname: null, sandbox: null, org: null };
  const lower = hostname.toLowerCase();
  if (lower === LOGIN_HOSTNAME)
    return { kind: 'login', hostname: lower, sandbox: false, org: null };
  if (lower === SANDBOX_LOGIN_HOSTNAME)
    return { kind: 'login', hostname: lower, sandbox: true, org: null };
  const org = emulator.orgsByHostname.get(lower);
  if (org) return { kind: 'mydomain', hostname: lower, sandbox: org.isSandbox, org };
  return undefined;
}

/** The base URL a host is reached at (for links and redirects on pages it serves). */
export function hostBaseUrl(emulator: Emulator, host: Host): string {
  return host.hostname === null ? emulator.baseUrl : emulator.urlFor(host.hostname);
}

/** Whether a host may serve an org: its own My Domain, the login host of its kind, or the pod. */
export function hostServesOrg(host: Host, org: Org): boolean {
  switch (host.kind) {
    case 'pod':
      return true;
    case 'login':
      return host.sandbox === org.isSandbox;
    case 'mydomain':
      return host.org.id === org.id;
  }
}
