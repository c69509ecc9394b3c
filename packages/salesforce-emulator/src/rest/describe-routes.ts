import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { objectAccess } from '../security/access.ts';
import { describeGlobalEntry, describeObject, type DescribeLinks } from './describe-object.ts';
import { restRoute } from './rest-route.ts';
import { notModifiedSince } from './schema-modified.ts';
import { requireVisibleObject } from './sobject-access.ts';

function links(ctx: ApiContext): DescribeLinks {
  return { basePath: ctx.basePath, instanceUrl: ctx.emulator.instanceUrl(ctx.org) };
}

function notModified(reply: FastifyReply): FastifyReply {
  return reply.code(304).send();
}

/**
 * Describe resources: describeGlobal (`GET /sobjects`), basic information (`GET /sobjects/X`)
 * and the full describe (`GET /sobjects/X/describe`). Every answer is the calling user's view:
 * objects they cannot read are left out of describeGlobal and are 404 elsewhere, and the
 * create/update/delete flags reflect their permissions. Describe and describeGlobal honour
 * `If-Modified-Since`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
export function registerDescribeRoutes(app: FastifyInstance, emulator: Emulator): void {
  restRoute(app, emulator, 'GET', '/sobjects', (request, reply, ctx) => {
    if (notModifiedSince(request, ctx.org)) return notModified(reply);
    const sobjects: Array<Record<string, unknown>> = [];
    const defs = [...ctx.org.schema.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const def of defs) {
      const access = objectAccess(ctx.access, def);
      if (access.read) sobjects.push(describeGlobalEntry(def, access, links(ctx)));
    }
    return sendJson(request, reply, 200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects });
  });

  restRoute(app, emulator, 'GET', '/sobjects/:object', (request, reply, ctx) => {
    const { object } = request.params as { object: string };
    const { def, access } = requireVisibleObject(ctx, object);
    return sendJson(request, reply, 200, {
      objectDescribe: describeGlobalEntry(def, access, links(ctx)),
      recentItems: [],
    });
  });

  restRoute(app, emulator, 'GET', '/sobjects/:object/describe', (request, reply, ctx) => {
    const { object } = request.params as { object: string };
    const { def, access } = requireVisibleObject(ctx, object);
    if (notModifiedSince(request, ctx.org)) return notModified(reply);
    return sendJson(request, reply, 200, describeObject(ctx.org, def, access, links(ctx)));
  });
}
