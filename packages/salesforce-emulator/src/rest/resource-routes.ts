import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { sendJson } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { apiVersions } from './api-versions.ts';
import { restRoute } from './rest-route.ts';

/**
 * The resources a version root lists, in the order a v58.0 org lists them. `identity` is filled
 * with the caller's identity URL; the rest are `<base>/<name>`.
 */
const RESOURCES = [
  'tooling',
  'metadata',
  'eclair',
  'folders',
  'prechatForms',
  'contact-tracing',
  'jsonxform',
  'chatter',
  'payments',
  'tabs',
  'appMenu',
  'quickActions',
  'queryAll',
  'commerce',
  'wave',
  'iot',
  'analytics',
  'search',
  'smartdatadiscovery',
  'identity',
  'composite',
  'parameterizedSearch',
  'fingerprint',
  'theme',
  'nouns',
  'domino',
  'event',
  'serviceTemplates',
  'recent',
  'connect',
  'licensing',
  'limits',
  'process',
  'dedupe',
  'async-queries',
  'query',
  'jobs',
  'ai',
  'localizedvalue',
  'mobile',
  'emailConnect',
  'consent',
  'tokenizer',
  'compactLayouts',
  'knowledgeManagement',
  'sobjects',
  'actions',
  'support',
] as const;

/**
 * `GET /services/data` (no authentication: the versions list) and `GET /services/data/vXX.X/`
 * (the resource map of one version, with the caller's identity URL).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
 */
export function registerResourceRoutes(app: FastifyInstance, emulator: Emulator): void {
  for (const path of ['/services/data', '/services/data/']) {
    onHosts(app, emulator, 'GET', path, 'instance', (request, reply) =>
      sendJson(request, reply, 200, apiVersions(emulator.latestApiVersion)),
    );
  }
  restRoute(app, emulator, 'GET', '/', (request, reply, ctx) => {
    const map: Record<string, string> = {};
    for (const name of RESOURCES) {
      map[name] =
        name === 'identity'
          ? emulator.identityUrl(ctx.org, ctx.user.Id)
          : `${ctx.basePath}/${name}`;
    }
    return sendJson(request, reply, 200, map);
  });
}
