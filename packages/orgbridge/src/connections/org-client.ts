import { AppError, ErrorCode } from '../errors.ts';
import {
  DEFAULT_API_VERSION,
  isSessionExpired,
  salesforceOutcome,
  parseLimitInfo,
  processSalesforceResponse,
  salesforceFetch,
  salesforceRequest,
  type ApiUsage,
  type SalesforceRequestOptions,
  type SalesforceResult,
} from '../salesforce/index.ts';
import { createRepositories } from '../store/repositories.ts';
import { recordApiUsage } from './api-usage.ts';
import type { ConnectionsContext } from './connections-context.ts';
import type { TokenService } from './token-service.ts';
import { withTransientRetries } from './transient-retry.ts';

/** One REST call orgbridge makes on its own behalf (probes, permission checks, sync). */
export interface OrgRequest {
  method?: string;
  /** Path and query under the instance; `{version}` is replaced by the API version. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Record the answer's `Sforce-Limit-Info` (default true); the probe records it itself. */
  recordUsage?: boolean;
}

/**
 * orgbridge's own calls to a connection's org: a working token (refreshed once and the call
 * retried once on `INVALID_SESSION_ID`), transient failures retried with jittered backoff, the
 * org's API usage read from every answer's `Sforce-Limit-Info`, and what a failure proves about
 * the grant fed into the lifecycle (an expired password, a spent limit, Salesforce down).
 */
export class OrgClient {
  readonly #ctx: ConnectionsContext;
  readonly #tokens: TokenService;
  readonly #retryBaseMs: number;

  constructor(
    ctx: ConnectionsContext,
    tokens: TokenService,
    options: { retryBaseMs?: number } = {},
  ) {
    this.#ctx = ctx;
    this.#tokens = tokens;
    this.#retryBaseMs = options.retryBaseMs ?? 500;
  }

  /** A call whose answer is read whole and parsed (JSON for JSON, text otherwise). */
  async request<T = unknown>(
    connectionId: string,
    request: OrgRequest,
  ): Promise<SalesforceResult<T>> {
    return this.#call(
      connectionId,
      request,
      (options) => salesforceRequest<T>(options),
      (result) => result.limits,
    );
  }

  /**
   * A call whose successful answer is left unread for the caller to stream (Bulk API CSV
   * results). Failures are read, classified and thrown as for {@link request}.
   */
  async stream(connectionId: string, request: OrgRequest): Promise<Response> {
    return this.#call(
      connectionId,
      request,
      async (options) => {
        const response = await salesforceFetch(options);
        if (!response.ok) await processSalesforceResponse(response, [options.accessToken]);
        return response;
      },
      (response) => parseLimitInfo(response.headers.get('sforce-limit-info')),
    );
  }

  async #call<R>(
    connectionId: string,
    request: OrgRequest,
    perform: (options: SalesforceRequestOptions) => Promise<R>,
    limitsOf: (result: R) => ApiUsage | null,
  ): Promise<R> {
    const row = await createRepositories(this.#ctx.db).connections.find(connectionId);
    if (!row)
      throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
        details: { connectionId },
      });
    const path = request.path.replaceAll('{version}', `v${DEFAULT_API_VERSION}`);
    let lastToken = '';
    const send = async () => {
      const token = await this.#tokens.getAccessToken(row.workspace_id, connectionId);
      lastToken = token.accessToken;
      return perform({
        instanceUrl: token.instanceUrl,
        accessToken: token.accessToken,
        method: request.method ?? 'GET',
        path,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.headers ? { headers: request.headers } : {}),
        fetch: this.#ctx.fetch,
        allowInsecureLoopback: this.#ctx.config.allowInsecureLoopback,
      });
    };
    const attempt = () => withTransientRetries(send, 2, this.#retryBaseMs);
    let result: R;
    try {
      try {
        result = await attempt();
      } catch (error) {
        if (!isSessionExpired(error)) throw error;
        // The token died: refresh once (single-flight with every other caller), retry once.
        await this.#tokens.reportInvalidSession(connectionId, lastToken);
        result = await attempt();
      }
    } catch (error) {
      // Only the final answer counts: a blip that a retry cured says nothing about the grant.
      const outcome = salesforceOutcome(error);
      if (outcome && lastToken !== '')
        await this.#tokens.reportApiOutcome(connectionId, lastToken, outcome);
      throw error;
    }
    const limits = limitsOf(result);
    if (limits && request.recordUsage !== false)
      await recordApiUsage(this.#ctx, connectionId, limits);
    return result;
  }
}
