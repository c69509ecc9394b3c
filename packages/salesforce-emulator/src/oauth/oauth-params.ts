import type { FastifyRequest } from 'fastify';

/** OAuth request parameters, one string each. */
export type OAuthParams = Record<string, string>;

function collect(into: OAuthParams, source: unknown): void {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
  for (const [key, raw] of Object.entries(source as Record<string, unknown>)) {
    if (key in into) continue;
    // A repeated parameter arrives as an array; the first occurrence wins, as in most servers.
    const value = Array.isArray(raw) ? (raw[0] as unknown) : raw;
    if (typeof value === 'string') into[key] = value;
  }
}

/**
 * Reads an OAuth request's parameters from the form body and the query string. Some clients put
 * token parameters in the query string, which Salesforce accepts; the body wins when both carry
 * one. Bodies that are not forms (plain text, garbage) contribute nothing.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function readParams(request: FastifyRequest, order: 'body' | 'query' = 'body'): OAuthParams {
  const params: OAuthParams = {};
  const sources = order === 'body' ? [request.body, request.query] : [request.query, request.body];
  for (const source of sources) collect(params, source);
  return params;
}

/** The fields of a submitted HTML form (the login and consent pages): the body only. */
export function formParams(request: FastifyRequest): OAuthParams {
  const params: OAuthParams = {};
  collect(params, request.body);
  return params;
}

/** Client credentials from `Authorization: Basic base64(id:secret)`, form-decoded per RFC 6749 §2.3.1. */
export function basicClientCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return {
    clientId: formDecode(decoded.slice(0, colon)),
    clientSecret: formDecode(decoded.slice(colon + 1)),
  };
}

/** The client id and secret a request presents: form parameters first, then HTTP Basic. */
export function presentedClient(
  request: FastifyRequest,
  params: OAuthParams,
): { clientId: string | undefined; clientSecret: string | undefined } {
  const basic = basicClientCredentials(request.headers.authorization);
  return {
    clientId: params.client_id ?? basic?.clientId,
    clientSecret: params.client_secret ?? basic?.clientSecret,
  };
}
