import { isLoopbackHost } from '../config.ts';
import { AppError, ErrorCode } from '../errors.ts';

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Checks a webhook endpoint URL: absolute https, or plain http to a loopback host only when
 * `ORGBRIDGE_ALLOW_INSECURE_LOOPBACK` is on (events and signatures must not travel in clear).
 * No user name or password in it (the URL is shown by `GET /webhooks`) and no fragment. A query
 * is kept. Fails with `WEBHOOK_URL_INVALID`.
 */
export function requireWebhookUrl(raw: string, allowInsecureLoopback: boolean): string {
  const fail = (message: string) =>
    new AppError(ErrorCode.WEBHOOK_URL_INVALID, message, { details: { field: 'url' } });
  const url = raw.length <= MAX_WEBHOOK_URL_LENGTH && URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw fail('url must be an absolute https URL');
  if (url.username !== '' || url.password !== '')
    throw fail('url must not carry a user name or password');
  if (url.hash !== '') throw fail('url must not have a fragment');
  if (url.protocol === 'http:' && !(allowInsecureLoopback && isLoopbackHost(url.hostname)))
    throw fail(
      'url must use https (plain http is allowed only to loopback hosts with ORGBRIDGE_ALLOW_INSECURE_LOOPBACK)',
    );
  return url.href;
}
