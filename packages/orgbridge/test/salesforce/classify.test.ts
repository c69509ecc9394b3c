import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  classifyApiError,
  classifyNetworkError,
  classifyTokenError,
} from '../../src/salesforce/index.ts';

test("token errors map to DESIGN §3 outcomes by Salesforce's exact texts", () => {
  const table: [string, string | null, unknown][] = [
    [
      'invalid_grant',
      'expired access/refresh token',
      { kind: 'needs_reauth', reason: 'refresh_token_revoked' },
    ],
    ['invalid_grant', 'inactive user', { kind: 'needs_reauth', reason: 'user_inactive' }],
    ['inactive_user', null, { kind: 'needs_reauth', reason: 'user_inactive' }],
    [
      'invalid_grant',
      "user hasn't approved this consumer",
      { kind: 'needs_reauth', reason: 'app_not_approved' },
    ],
    [
      'invalid_app_access',
      'user is not admin approved to access this app',
      { kind: 'needs_reauth', reason: 'app_not_approved' },
    ],
    [
      'invalid_client_id',
      'client identifier invalid',
      { kind: 'needs_reauth', reason: 'app_uninstalled' },
    ],
    [
      'invalid_grant',
      'authentication failure',
      { kind: 'needs_reauth', reason: 'credentials_invalid' },
    ],
    [
      'invalid_grant',
      'authentication failure - Invalid Password',
      { kind: 'needs_reauth', reason: 'credentials_invalid' },
    ],
    [
      'invalid_client',
      'invalid client credentials',
      { kind: 'needs_reauth', reason: 'credentials_invalid' },
    ],
    [
      'invalid_grant',
      'IP restricted or invalid login hours',
      { kind: 'transient', reason: 'login_restricted' },
    ],
    ['rate_limit_exceeded', 'Number of logins exceeded', { kind: 'rate_limited' }],
    [
      'unknown_error',
      'retry your request',
      { kind: 'transient', reason: 'salesforce_unavailable' },
    ],
    ['invalid_grant', 'expired authorization code', { kind: 'invalid_request' }],
    ['invalid_grant', 'invalid authorization code', { kind: 'invalid_request' }],
    ['invalid_grant', 'request not supported on this domain', { kind: 'invalid_request' }],
    ['invalid_grant', 'something new', { kind: 'invalid_request' }],
    ['invalid_request', 'invalid code verifier', { kind: 'invalid_request' }],
    ['redirect_uri_mismatch', 'redirect_uri must match configuration', { kind: 'invalid_request' }],
    ['unsupported_grant_type', 'grant type not supported', { kind: 'invalid_request' }],
  ];
  for (const [error, description, expected] of table) {
    assert.deepEqual(classifyTokenError(error, description), expected, `${error} / ${description}`);
  }
});

test('API errors map to outcomes; an expired password is never a session to refresh', () => {
  const table: [number, string | null, string | null, unknown][] = [
    [401, 'INVALID_SESSION_ID', 'Session expired or invalid', { kind: 'session_expired' }],
    [
      401,
      'INVALID_SESSION_ID',
      'This session is not valid for use with the REST API',
      { kind: 'access_denied' },
    ],
    [
      401,
      'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
      'Your password has expired.',
      { kind: 'needs_reauth', reason: 'password_expired' },
    ],
    [401, 'INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE', { kind: 'invalid_request' }],
    [403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { kind: 'rate_limited' }],
    [429, null, null, { kind: 'rate_limited' }],
    [
      403,
      'API_DISABLED_FOR_ORG',
      'The REST API is not enabled for this Organization.',
      { kind: 'access_denied' },
    ],
    [403, 'API_CURRENTLY_DISABLED', 'API is disabled for this user', { kind: 'access_denied' }],
    [
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'insufficient access rights on object id',
      { kind: 'access_denied' },
    ],
    [
      500,
      'UNKNOWN_EXCEPTION',
      'An unexpected error occurred.',
      { kind: 'transient', reason: 'salesforce_unavailable' },
    ],
    [
      503,
      'SERVER_UNAVAILABLE',
      'Service Unavailable',
      { kind: 'transient', reason: 'salesforce_unavailable' },
    ],
    [400, 'MALFORMED_QUERY', 'unexpected token: FORM', { kind: 'invalid_request' }],
    [404, 'NOT_FOUND', 'The requested resource does not exist', { kind: 'invalid_request' }],
  ];
  for (const [status, code, message, expected] of table) {
    assert.deepEqual(classifyApiError(status, code, message), expected, `${status} ${code}`);
  }
});

test('network failures are transient: timeouts anywhere in the cause chain, else network_error', () => {
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  assert.deepEqual(classifyNetworkError(timeout), { kind: 'transient', reason: 'timeout' });
  assert.deepEqual(classifyNetworkError(new Error('parse', { cause: timeout })), {
    kind: 'transient',
    reason: 'timeout',
  });
  assert.deepEqual(classifyNetworkError(new TypeError('fetch failed')), {
    kind: 'transient',
    reason: 'network_error',
  });
});
