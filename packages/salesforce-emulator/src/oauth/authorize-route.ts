import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { Host } from '../http/hosts.ts';
import { onHosts } from '../http/routing.ts';
import { passwordExpired } from '../http/session.ts';
import { isPreAuthorized } from './app-access.ts';
import { issueAuthorizationCode } from './authorization-codes.ts';
import {
  callbackUrl,
  validateAuthorizeRequest,
  type AuthorizeRequest,
} from './authorize-request.ts';
import { checkLogin, recordLogin } from './credentials.ts';
import { liveGrants } from './grant-store.ts';
import { currentLogin, startLogin, type LiveLogin } from './login-session.ts';
import { formParams, readParams } from './oauth-params.ts';
import { renderChangePasswordPage } from './pages/change-password-page.ts';
import { renderConsentPage } from './pages/consent-page.ts';
import { renderErrorPage } from './pages/error-page.ts';
import { LOGIN_FAILED_TEXT, renderLoginPage } from './pages/login-page.ts';
import { changePassword, newPasswordProblem } from './password-change.ts';

interface FlowContext {
  emulator: Emulator;
  request: FastifyRequest;
  reply: FastifyReply;
  host: Host;
  authorize: AuthorizeRequest;
  /** The URL the pages post back to: the authorize request itself. */
  action: string;
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html;charset=UTF-8')
    .header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private')
    .send(body);
}

function redirectError(ctx: FlowContext, error: string, description: string): FastifyReply {
  const { redirectUri, state } = ctx.authorize;
  const location = callbackUrl(redirectUri, { error, error_description: description, state });
  return ctx.reply.code(302).header('location', location).send();
}

function loginPage(ctx: FlowContext, error: string | null, username?: string): FastifyReply {
  if (ctx.authorize.immediate)
    return redirectError(ctx, 'immediate_unsuccessful', 'immediate unsuccessful');
  const page = renderLoginPage({
    action: ctx.action,
    username: username ?? ctx.authorize.loginHint,
    error,
  });
  return html(ctx.reply, 200, page);
}

function sendCode(ctx: FlowContext, live: LiveLogin): FastifyReply {
  const code = issueAuthorizationCode(
    ctx.emulator,
    ctx.host,
    ctx.authorize,
    live.org.id,
    live.user.Id,
  );
  const location = callbackUrl(ctx.authorize.redirectUri, {
    code: code.code,
    state: ctx.authorize.state,
  });
  return ctx.reply.code(302).header('location', location).send();
}

/**
 * What a logged-in user sees next: the login-hours lock, the change-password form for an expired
 * password, then consent unless it is not needed (admin-approved apps, a live earlier approval
 * without `prompt=consent`, or the Allow button just pressed), then the redirect with a code.
 */
function proceed(ctx: FlowContext, live: LiveLogin, approved: boolean): FastifyReply {
  const { emulator, authorize } = ctx;
  const { org, user } = live;
  if (!org.settings.loginHoursOpen) {
    return redirectError(ctx, 'invalid_grant', 'IP restricted or invalid login hours');
  }
  if (passwordExpired(emulator, org, user.Id)) {
    if (authorize.immediate)
      return redirectError(ctx, 'immediate_unsuccessful', 'immediate unsuccessful');
    return html(
      ctx.reply,
      200,
      renderChangePasswordPage({
        action: ctx.action,
        username: String(user.Username),
        error: null,
      }),
    );
  }
  const { app } = authorize;
  if (app.adminApprovedOnly) {
    if (!isPreAuthorized(app, org.id, String(user.Username))) {
      return redirectError(
        ctx,
        'invalid_app_access',
        'user is not admin approved to access this app',
      );
    }
    return sendCode(ctx, live);
  }
  if (approved) return sendCode(ctx, live);
  const approvedBefore = liveGrants(emulator, org.id, user.Id, app.id).length > 0;
  if (approvedBefore && !authorize.prompt.has('consent')) return sendCode(ctx, live);
  if (authorize.immediate)
    return redirectError(ctx, 'immediate_unsuccessful', 'immediate unsuccessful');
  return html(
    ctx.reply,
    200,
    renderConsentPage({
      action: ctx.action,
      appName: app.name,
      username: String(user.Username),
      scopes: authorize.scopes,
    }),
  );
}

function submitLogin(ctx: FlowContext, form: Record<string, string>): FastifyReply {
  const check = checkLogin(ctx.emulator, ctx.host, form.username, form.pw, 'password');
  if (!check.ok) return loginPage(ctx, LOGIN_FAILED_TEXT, form.username ?? '');
  recordLogin(ctx.emulator, check.user);
  const live = startLogin(ctx.emulator, ctx.reply, ctx.host, check.org, check.user);
  return proceed(ctx, live, false);
}

function submitNewPassword(
  ctx: FlowContext,
  live: LiveLogin,
  form: Record<string, string>,
): FastifyReply {
  const { emulator } = ctx;
  const { org, user } = live;
  const current = org.secrets.get(user.Id)?.password ?? '';
  const problem = newPasswordProblem(current, form.newpassword, form.confirmpassword);
  if (problem !== null || form.newpassword === undefined) {
    const page = renderChangePasswordPage({
      action: ctx.action,
      username: String(user.Username),
      error: problem,
    });
    return html(ctx.reply, 200, page);
  }
  changePassword(emulator, org, user, form.newpassword);
  return proceed(ctx, live, false);
}

async function handleAuthorize(
  emulator: Emulator,
  request: FastifyRequest,
  reply: FastifyReply,
  host: Host,
): Promise<FastifyReply> {
  const validation = validateAuthorizeRequest(emulator, readParams(request, 'query'));
  if (validation.kind === 'page') {
    return html(reply, 400, renderErrorPage(validation.error, validation.description));
  }
  if (validation.kind === 'redirect') {
    const { redirectUri, error, description, state } = validation;
    const location = callbackUrl(redirectUri, { error, error_description: description, state });
    return reply.code(302).header('location', location).send();
  }
  const ctx: FlowContext = {
    emulator,
    request,
    reply,
    host,
    authorize: validation.request,
    action: request.url,
  };
  const form = request.method === 'POST' ? formParams(request) : {};
  const live = currentLogin(emulator, request, host);
  switch (form.oauth_action) {
    case 'login':
      return submitLogin(ctx, form);
    case 'deny':
      return redirectError(ctx, 'access_denied', 'end-user denied authorization');
    case 'approve':
      return live ? proceed(ctx, live, true) : loginPage(ctx, null);
    case 'change_password':
      return live ? submitNewPassword(ctx, live, form) : loginPage(ctx, null);
    default:
      if (!live || ctx.authorize.prompt.has('login')) return loginPage(ctx, null);
      return proceed(ctx, live, false);
  }
}

/**
 * `GET|POST /services/oauth2/authorize`: the web-server flow's browser side — login page,
 * change-password page, consent page, then a redirect to the callback with `code` and `state`
 * (or `error`). Served on every login host, My Domain and the pod.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function registerAuthorizeRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(
    app,
    emulator,
    ['GET', 'POST'],
    '/services/oauth2/authorize',
    'auth',
    (request, reply, host) => handleAuthorize(emulator, request, reply, host),
  );
}
