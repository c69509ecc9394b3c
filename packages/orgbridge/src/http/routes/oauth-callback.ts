import type { FastifyInstance } from 'fastify';
import {
  completeAuthorization,
  type AuthorizationOutcome,
} from '../../connections/complete-authorization.ts';
import type { ConnectionsContext } from '../../connections/connections-context.ts';
import {
  renderCallbackPage,
  renderInternalErrorPage,
  renderMalformedCallbackPage,
  type CallbackPage,
} from '../callback-page.ts';

/** Salesforce's callback carries a code, a state and a few ids; anything longer is not it. */
const MAX_QUERY_CHARS = 8 * 1024;

/**
 * Headers of every callback page. The URL carries the authorization code: no cache keeps the
 * page and no referrer leaves it; the page runs nothing and loads nothing.
 */
export const CALLBACK_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/**
 * The page's address for an outcome: `?connection=<id>&outcome=connected|reauthorized`, or
 * `outcome=failed` with the code and the sentence the result page would have shown.
 */
function returnLocation(path: string, outcome: AuthorizationOutcome): string {
  const params = new URLSearchParams({ connection: outcome.connection!.id });
  if (outcome.ok)
    params.set('outcome', outcome.purpose === 'connect' ? 'connected' : 'reauthorized');
  else {
    params.set('outcome', 'failed');
    params.set('code', outcome.code);
    params.set('message', outcome.message);
    if (outcome.reason) params.set('reason', outcome.reason);
  }
  return `${path}${path.includes('?') ? '&' : '?'}${params.toString()}`;
}

/**
 * `GET /oauth/callback` (outside `/api/v1`, no API key): where Salesforce sends the admin's
 * browser back. Completes the authorization and answers with a page saying what happened.
 */
export function registerOAuthCallbackRoute(
  app: FastifyInstance,
  ctx: ConnectionsContext,
  logError: (error: unknown) => void,
): void {
  app.get(
    '/oauth/callback',
    // A HEAD from a link scanner must not use up the single-use state.
    { exposeHeadRoute: false, schema: { hide: true } },
    async (request, reply) => {
      const query = request.url.includes('?')
        ? request.url.slice(request.url.indexOf('?') + 1)
        : '';
      let page: CallbackPage;
      if (query.length > MAX_QUERY_CHARS) page = renderMalformedCallbackPage();
      else {
        try {
          const outcome = await completeAuthorization(ctx, new URLSearchParams(query));
          if (outcome.returnTo && outcome.connection !== null)
            return reply
              .code(303)
              .headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
              .redirect(returnLocation(outcome.returnTo, outcome));
          page = renderCallbackPage(outcome);
        } catch (error) {
          logError(error);
          page = renderInternalErrorPage();
        }
      }
      return reply.code(page.status).headers(CALLBACK_PAGE_HEADERS).send(page.html);
    },
  );
}
