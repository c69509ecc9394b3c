import { isLoopbackHost } from '../config.ts';
import { AppError, type ErrorCode } from '../errors.ts';

/**
 * Whether orgbridge may send credentials to a URL: https always; plain http only to a loopback
 * host and only when the loudly named insecure switch (`ORGBRIDGE_ALLOW_INSECURE_LOOPBACK`) is on.
 */
export function isPermittedUrl(url: URL, allowInsecureLoopback: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && allowInsecureLoopback && isLoopbackHost(url.hostname);
}

/**
 * Checks and normalizes a base URL that endpoint paths are appended to
 * (`${base}/services/oauth2/token`): a permitted scheme, no credentials, query or fragment,
 * no trailing slash. A path is kept, so an emulated host such as
 * `http://127.0.0.1:8400/acme.my.salesforce.com` works as a base.
 * Fails with `code` (the caller's: `LOGIN_URL_INVALID`, `VALIDATION_FAILED`, …).
 */
export function requireBaseUrl(
  raw: string,
  allowInsecureLoopback: boolean,
  what: string,
  code: ErrorCode,
): string {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new AppError(code, `${what} must be an absolute https URL`, { details: { field: what } });
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new AppError(code, `${what} must not carry credentials, a query or a fragment`, {
      details: { field: what },
    });
  if (!isPermittedUrl(url, allowInsecureLoopback))
    throw new AppError(
      code,
      `${what} must use https (plain http is allowed only to loopback hosts with ORGBRIDGE_ALLOW_INSECURE_LOOPBACK)`,
      { details: { field: what } },
    );
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
