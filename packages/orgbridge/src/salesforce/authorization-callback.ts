import { AppError, ErrorCode } from '../errors.ts';
import { classifyTokenError } from './classify.ts';
import { salesforceFailure } from './salesforce-failure.ts';

/** The parameters of a successful authorization callback. */
export interface AuthorizationCallback {
  /** The one-time authorization code (valid 15 minutes). A secret. */
  code: string;
  /** The state to look up the connect session by. */
  state: string;
}

/**
 * Reads Salesforce's redirect to the callback URL (`?code=…&state=…`, or
 * `?error=…&error_description=…&state=…`). It does not judge the state: the caller looks it up
 * in its single-use connect sessions. Fails with `AUTHORIZATION_DENIED` when the person clicked
 * Deny (`access_denied`), with the classification of any other `error` (e.g. `inactive_user`
 * → `REAUTH_REQUIRED`/`user_inactive`), and with `VALIDATION_FAILED` when code or state is
 * missing. The error's `details.state` carries the state when there was one, so the caller can
 * close the connect session.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function parseAuthorizationCallback(input: URL | URLSearchParams): AuthorizationCallback {
  const params = input instanceof URL ? input.searchParams : input;
  const state = params.get('state') ?? '';
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    if (error === 'access_denied') {
      throw new AppError(ErrorCode.AUTHORIZATION_DENIED, 'Access was denied at Salesforce', {
        details: { salesforceError: error, state: state || null },
      });
    }
    const failure = salesforceFailure(
      classifyTokenError(error, description),
      'Salesforce refused the authorization',
      { salesforceError: error, description },
    );
    failure.details.state = state || null;
    throw failure;
  }
  const code = params.get('code') ?? '';
  if (code === '' || state === '')
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'the callback carries no code or no state', {
      details: { state: state || null },
    });
  return { code, state };
}
