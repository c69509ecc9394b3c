import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Host } from '../../http/hosts.ts';
import type { Emulator } from '../../emulator.ts';
import { onHosts } from '../../http/routing.ts';
import { lookupSession, passwordExpired } from '../../http/session.ts';
import { apiPasswordForm, checkLogin, recordLogin } from '../credentials.ts';
import { issueSession } from '../grant-store.ts';
import { loginResponseXml } from './login-result.ts';
import { parseSoapRequest } from './soap-request.ts';
import { soapClientFault, soapEnvelope, soapFault } from './soap-responses.ts';

const SOAP_TYPE = 'text/xml; charset=utf-8';
const INVALID_LOGIN = 'Invalid username, password, security token; or user locked out.';

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).header('content-type', SOAP_TYPE).send(xml);
}

/** `50.0` when the URL names a version the emulator serves (31.0 up to the newest), else null. */
function soapVersion(emulator: Emulator, raw: string): string | null {
  const m = /^(\d{1,3})\.0$/.exec(raw);
  if (!m) return null;
  const major = Number(m[1]);
  return major >= 31 && major <= Number(emulator.latestApiVersion) ? `${major}.0` : null;
}

function answerSoap(emulator: Emulator, request: FastifyRequest, reply: FastifyReply, host: Host) {
  const version = soapVersion(emulator, (request.params as { version: string }).version);
  if (version === null) {
    return sendXml(
      reply,
      500,
      soapFault(
        'UNSUPPORTED_API_VERSION',
        'Invalid Api version specified on URL',
        'UnexpectedErrorFault',
      ),
    );
  }
  const soap = parseSoapRequest(request.body);
  switch (soap.operation) {
    case 'malformed':
      return sendXml(
        reply,
        500,
        soapClientFault('Unable to parse the request: not a SOAP envelope'),
      );
    case 'unknown':
      return sendXml(
        reply,
        500,
        soapClientFault(
          `No operation available for request {urn:partner.soap.sforce.com}${soap.name}`,
        ),
      );
    case 'logout':
      return logout(emulator, reply, soap.sessionId);
    case 'login':
      return login(emulator, request, reply, host, version, soap.username, soap.password);
  }
}

function logout(emulator: Emulator, reply: FastifyReply, sessionId: string | undefined) {
  const found = lookupSession(emulator, sessionId ?? null, false);
  if (!found.ok) {
    return sendXml(
      reply,
      500,
      soapFault(
        'INVALID_SESSION_ID',
        'Invalid Session ID found in SessionHeader: Illegal Session',
        'UnexpectedErrorFault',
      ),
    );
  }
  found.session.revokedAt = emulator.clock.now();
  return sendXml(reply, 200, soapEnvelope('<logoutResponse/>'));
}

function login(
  emulator: Emulator,
  request: FastifyRequest,
  reply: FastifyReply,
  host: Host,
  version: string,
  username: string | undefined,
  password: string | undefined,
) {
  const check = checkLogin(emulator, host, username, password, apiPasswordForm(request.ip, false));
  if (!check.ok || !check.org.settings.loginHoursOpen) {
    return sendXml(reply, 500, soapFault('INVALID_LOGIN', INVALID_LOGIN, 'LoginFault'));
  }
  const { org, user } = check;
  recordLogin(emulator, user);
  const session = issueSession(emulator, {
    org,
    userId: user.Id,
    appId: null,
    grantId: null,
    scopes: ['api', 'web', 'full'],
    kind: 'soap',
  });
  const expired = passwordExpired(emulator, org, user.Id);
  return sendXml(reply, 200, loginResponseXml(emulator, org, user, session, version, expired));
}

/**
 * `POST /services/Soap/u/{version}`: the partner API's `login()` (and `logout()`), which jsforce
 * uses without OAuth client credentials. Login needs the password with the security token
 * appended unless the client address is in the org's trusted IP ranges; the org's block on the
 * OAuth username-password flow does not apply. An expired password still logs in, with
 * `passwordExpired` true. Every failure is a 500 SOAP fault; malformed envelopes too.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login.htm
 */
export function registerSoapLoginRoute(app: FastifyInstance, emulator: Emulator): void {
  // A scope of its own, so any body reaches the handler as text and every failure (even one
  // before the handler, such as an oversized body) is answered as a SOAP fault.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, next) =>
      next(null, body),
    );
    scope.setErrorHandler((error: { statusCode?: number; stack?: string }, request, reply) => {
      if (!(typeof error.statusCode === 'number' && error.statusCode < 500)) {
        process.stderr.write(
          `salesforce-emulator: unexpected error on ${request.method} ${request.url}: ${error.stack ?? 'no stack'}\n`,
        );
      }
      return sendXml(reply, 500, soapClientFault('Unable to process the request'));
    });
    onHosts(scope, emulator, 'POST', '/services/Soap/u/:version', 'auth', (request, reply, host) =>
      answerSoap(emulator, request, reply, host),
    );
    done();
  });
}
