import { forwardRequest, parseLimitInfo, type ForwardedResponse } from '../salesforce/index.ts';
import { recordApiUsage } from './api-usage.ts';
import type { ConnectionsContext } from './connections-context.ts';
import type { AccessToken, TokenService } from './token-service.ts';

/** A host application's request to pass on to its org. */
export interface ProxiedRequest {
  method: string;
  /** Path and query under the instance URL, percent-encoded as received. */
  path: string;
  /** The caller's headers; only the ones Salesforce needs are passed on. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

/**
 * Sends a host application's request to the connection's org with a working access token
 * (`/connections/{id}/proxy/*`). When Salesforce answers `INVALID_SESSION_ID`, the token is
 * refreshed (single-flight, as for every caller) and the request sent once more; Salesforce's
 * answer is returned unchanged either way. A 401 that proves the grant unusable
 * (`INVALID_OPERATION_WITH_EXPIRED_PASSWORD`) moves the connection to `needs_reauth` at once,
 * so the next caller gets `REAUTH_REQUIRED` with the reason instead of another doomed call. Fails as `TokenService.getAccessToken` does
 * (`CONNECTION_NOT_FOUND`, `CONNECTION_DISABLED`, `REAUTH_REQUIRED` with the reason), with
 * `VALIDATION_FAILED` for a path leaving the instance, and `SALESFORCE_UNAVAILABLE`.
 */
export async function proxyRequest(
  ctx: ConnectionsContext,
  tokens: TokenService,
  workspaceId: string,
  connectionId: string,
  request: ProxiedRequest,
): Promise<ForwardedResponse> {
  const send = (token: AccessToken) =>
    forwardRequest({
      ...request,
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      fetch: ctx.fetch,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    });
  const sendAndReport = async (token: AccessToken) => {
    const answer = await send(token);
    // The host application's calls spend the org's budget too: watch it on every answer.
    const usage = parseLimitInfo(answer.headers['sforce-limit-info'] ?? null);
    if (usage) await recordApiUsage(ctx, connectionId, usage);
    if (answer.outcome && !answer.sessionExpired)
      await tokens.reportApiOutcome(connectionId, token.accessToken, answer.outcome);
    return answer;
  };
  const token = await tokens.getAccessToken(workspaceId, connectionId);
  const first = await sendAndReport(token);
  if (!first.sessionExpired) return first;
  await tokens.reportInvalidSession(connectionId, token.accessToken);
  return sendAndReport(await tokens.getAccessToken(workspaceId, connectionId));
}
