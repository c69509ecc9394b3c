import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { hostBaseUrl, type Host } from '../http/hosts.ts';
import { JSON_TYPE } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { publicJwks } from './signing-key.ts';

// As login.salesforce.com publishes them.
const SCOPES_SUPPORTED = [
  'cdp_ingest_api',
  'custom_permissions',
  'cdp_segment_api',
  'content',
  'cdp_api',
  'chatbot_api',
  'cdp_identityresolution_api',
  'interaction_api',
  'wave_api',
  'web',
  'cdp_calculated_insight_api',
  'einstein_gpt_api',
  'offline_access',
  'id',
  'api',
  'data_cloud_user_claims',
  'eclair_api',
  'email',
  'pardot_api',
  'lightning',
  'visualforce',
  'cdp_query_api',
  'sfap_api',
  'address',
  'openid',
  'profile',
  'scrt_api',
  'cdp_profile_api',
  'refresh_token',
  'phone',
  'user_registration_api',
  'pwdless_login_api',
  'chatter_api',
  'mcp_api',
  'full',
  'forgot_password',
];

const CLAIMS_SUPPORTED = [
  'active',
  'address',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'is_app_installed',
  'language',
  'locale',
  'name',
  'nickname',
  'organization_id',
  'phone_number',
  'phone_number_verified',
  'photos',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'urls',
  'user_id',
  'user_type',
  'zoneinfo',
];

/**
 * The OpenID Connect discovery document of a host; its issuer is the host's own base URL, so
 * My Domains answer with theirs.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid_discovery_endpoint.htm
 */
export function openIdConfiguration(emulator: Emulator, host: Host): Record<string, unknown> {
  const base = hostBaseUrl(emulator, host);
  return {
    issuer: base,
    authorization_endpoint: `${base}/services/oauth2/authorize`,
    token_endpoint: `${base}/services/oauth2/token`,
    revocation_endpoint: `${base}/services/oauth2/revoke`,
    userinfo_endpoint: `${base}/services/oauth2/userinfo`,
    jwks_uri: `${base}/id/keys`,
    registration_endpoint: `${base}/services/oauth2/register`,
    introspection_endpoint: `${base}/services/oauth2/introspect`,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code', 'token', 'token id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    display_values_supported: ['page', 'popup', 'touch'],
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'client_secret_basic',
      'private_key_jwt',
    ],
    claims_supported: CLAIMS_SUPPORTED,
  };
}

/**
 * `GET /.well-known/openid-configuration` and `GET /id/keys` (the JWK set id_tokens verify
 * against) on every login host, My Domain and the pod.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid_discovery_endpoint.htm
 */
export function registerDiscoveryRoutes(app: FastifyInstance, emulator: Emulator): void {
  onHosts(
    app,
    emulator,
    'GET',
    '/.well-known/openid-configuration',
    'auth',
    (_request, reply, host) =>
      reply
        .code(200)
        .header('content-type', JSON_TYPE)
        .send(JSON.stringify(openIdConfiguration(emulator, host))),
  );
  onHosts(app, emulator, 'GET', '/id/keys', 'auth', (_request, reply) =>
    reply
      .code(200)
      .header('content-type', JSON_TYPE)
      .send(JSON.stringify(publicJwks(emulator))),
  );
}
