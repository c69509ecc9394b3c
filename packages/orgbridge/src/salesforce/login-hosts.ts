import { isLoopbackHost } from '../config.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { requireBaseUrl } from './secure-url.ts';

/** Where a connection logs in (DESIGN §2): Salesforce's production or sandbox host, or a My Domain. */
export type LoginEnvironment = 'production' | 'sandbox' | 'custom';

/** The configured login hosts (`ORGBRIDGE_SALESFORCE_LOGIN_URL`, `…_SANDBOX_LOGIN_URL`). */
export interface LoginHostsConfig {
  loginUrl: string;
  sandboxLoginUrl: string;
  allowInsecureLoopback: boolean;
}

/**
 * Host suffixes that serve Salesforce logins: every My Domain form (`acme.my.salesforce.com`,
 * `acme--dev.sandbox.my.salesforce.com`, `.develop.`, `.scratch.`, legacy instance hosts) ends
 * in `.salesforce.com`; older My Domains in `.cloudforce.com`; Experience Cloud and legacy
 * site logins in `.force.com`; Government Cloud Plus in `.salesforce.mil`; Salesforce on
 * Alibaba Cloud in `.sfcrmproducts.cn`.
 * @see https://help.salesforce.com/s/articleView?id=sf.domain_name_url_formats.htm
 */
export const SALESFORCE_HOST_SUFFIXES = [
  '.salesforce.com',
  '.force.com',
  '.cloudforce.com',
  '.salesforce.mil',
  '.sfcrmproducts.cn',
] as const;

const LIGHTNING_SUFFIX = '.lightning.force.com';

function invalid(message: string, hint?: string): AppError {
  return new AppError(ErrorCode.LOGIN_URL_INVALID, hint ? `${message}; ${hint}` : message, {
    details: { field: 'loginUrl', hint: hint ?? null },
  });
}

/**
 * Validates a My Domain URL typed by a customer admin and returns the base URL to append
 * endpoint paths to. `acme.my.salesforce.com` (no scheme) is read as https. Accepted: https to a
 * host ending in one of {@link SALESFORCE_HOST_SUFFIXES}, default port, no path, query,
 * fragment or credentials. `*.lightning.force.com` (the Lightning UI host, which serves no OAuth)
 * is refused with a hint naming the `.my.salesforce.com` form. Plain http is accepted only to a
 * loopback host with `allowInsecureLoopback`, and then any path is kept (emulated hosts are path
 * prefixes). Fails with `LOGIN_URL_INVALID`.
 * @see https://help.salesforce.com/s/articleView?id=sf.domain_name_url_formats.htm
 */
export function validateMyDomainUrl(raw: string, allowInsecureLoopback: boolean): string {
  const trimmed = raw.trim();
  if (trimmed === '') throw invalid('a My Domain URL is required for the custom environment');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = URL.canParse(withScheme) ? new URL(withScheme) : null;
  if (url === null) throw invalid('the My Domain URL is not a valid URL');
  if (url.protocol === 'http:') {
    if (!(allowInsecureLoopback && isLoopbackHost(url.hostname)))
      throw invalid(
        'the My Domain URL must use https',
        'plain http is allowed only to loopback hosts with ORGBRIDGE_ALLOW_INSECURE_LOOPBACK',
      );
    return requireBaseUrl(url.href, true, 'loginUrl', ErrorCode.LOGIN_URL_INVALID);
  }
  if (url.protocol !== 'https:') throw invalid('the My Domain URL must use https');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw invalid('the My Domain URL must not carry credentials, a query or a fragment');
  if (url.port !== '') throw invalid('the My Domain URL must not name a port');
  if (url.pathname !== '/')
    throw invalid('the My Domain URL must be just the host', `use https://${url.hostname}`);
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.endsWith(LIGHTNING_SUFFIX)) {
    const myDomain = `${host.slice(0, -LIGHTNING_SUFFIX.length)}.my.salesforce.com`;
    throw invalid(
      'the Lightning URL cannot be used to log in',
      `use the My Domain URL https://${myDomain}`,
    );
  }
  if (!SALESFORCE_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix)))
    throw invalid(
      'the My Domain URL must be a Salesforce host',
      'for example https://yourcompany.my.salesforce.com',
    );
  return `https://${host}`;
}

/**
 * The authorization server base URL for a connection's environment: the configured production
 * or sandbox login URL, or the connection's validated My Domain URL. Fails with
 * `LOGIN_URL_INVALID` (a bad My Domain URL, or a configured URL that is not https).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
 */
export function resolveLoginBaseUrl(
  environment: LoginEnvironment,
  myDomainUrl: string | null | undefined,
  config: LoginHostsConfig,
): string {
  switch (environment) {
    case 'production':
      return requireBaseUrl(
        config.loginUrl,
        config.allowInsecureLoopback,
        'loginUrl',
        ErrorCode.LOGIN_URL_INVALID,
      );
    case 'sandbox':
      return requireBaseUrl(
        config.sandboxLoginUrl,
        config.allowInsecureLoopback,
        'sandboxLoginUrl',
        ErrorCode.LOGIN_URL_INVALID,
      );
    case 'custom':
      return validateMyDomainUrl(myDomainUrl ?? '', config.allowInsecureLoopback);
    default:
      throw invalid(`unknown environment ${String(environment)}`);
  }
}
