import { createHmac } from 'node:crypto';

/**
 * The token response's `signature`: Base64 HMAC-SHA256, keyed by the consumer secret, over the
 * identity URL followed by `issued_at`, so a client can check the response came from Salesforce.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function tokenSignature(consumerSecret: string, id: string, issuedAt: string): string {
  return createHmac('sha256', consumerSecret)
    .update(id + issuedAt)
    .digest('base64');
}
