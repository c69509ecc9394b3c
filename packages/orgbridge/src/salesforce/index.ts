// The Salesforce client: the only code in orgbridge that talks to Salesforce (DESIGN §4).
// Every function takes an injected fetch, a timeout and the insecure-loopback switch, and fails
// only with AppErrors whose details carry the classification (see classify.ts).
export {
  classifyApiError,
  classifyNetworkError,
  classifyTokenError,
  type SalesforceOutcome,
  type SalesforceReauthReason,
  type TokenErrorOutcome,
  type TransientReason,
} from './classify.ts';
export { DEFAULT_TIMEOUT_MS, type SalesforceHttpOptions } from './http-options.ts';
export {
  resolveLoginBaseUrl,
  SALESFORCE_HOST_SUFFIXES,
  validateMyDomainUrl,
  type LoginEnvironment,
  type LoginHostsConfig,
} from './login-hosts.ts';
export {
  createAuthorization,
  exchangeCode,
  type Authorization,
  type CreateAuthorizationOptions,
  type ExchangeCodeOptions,
} from './oauth-web-server.ts';
export {
  parseAuthorizationCallback,
  type AuthorizationCallback,
} from './authorization-callback.ts';
export {
  clientCredentialsLogin,
  jwtBearerLogin,
  passwordLogin,
  type ClientCredentialsLoginOptions,
  type JwtBearerLoginOptions,
  type PasswordLoginOptions,
} from './direct-login.ts';
export { refreshAccessToken, type RefreshAccessTokenOptions } from './refresh-token.ts';
export { revokeToken, type RevokeResult, type RevokeTokenOptions } from './revoke.ts';
export {
  DEFAULT_API_VERSION,
  fetchIdentity,
  type FetchIdentityOptions,
  type SalesforceIdentity,
} from './identity.ts';
export {
  isSessionExpired,
  processSalesforceResponse,
  salesforceFetch,
  salesforceRequest,
  type SalesforceRequestOptions,
  type SalesforceResult,
} from './rest-client.ts';
export {
  forwardRequest,
  isForwardedRequestHeader,
  isForwardedResponseHeader,
  type ForwardedResponse,
  type ForwardRequestOptions,
} from './forward-request.ts';
export { parseLimitInfo, type ApiUsage } from './limit-info.ts';
export { SalesforceApiError, type SalesforceErrorEntry } from './salesforce-api-error.ts';
export { salesforceOutcome } from './salesforce-failure.ts';
export { computeTokenSignature, verifyTokenSignature } from './token-signature.ts';
export type { TokenSet } from './token-set.ts';
