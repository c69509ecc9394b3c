import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { invalidRequest } from '../control-error.ts';
import {
  optionalNumber,
  optionalObject,
  optionalString,
  rejectUnknownKeys,
  requiredString,
} from '../input.ts';
import { createRecordAs, deleteRecordAs, undeleteRecordAs, updateRecordAs } from '../records.ts';
import { seedRecords } from '../seed-records.ts';
import { controlRoute } from './control-route.ts';

function fields(body: Record<string, unknown>): Record<string, unknown> {
  const values = optionalObject(body, 'fields');
  if (values === undefined) throw invalidRequest('fields is required');
  return values;
}

/** Bulk seeding and writes as a given user. */
export function registerRecordRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/objects/:object/seed',
    ({ params, body }) => {
      rejectUnknownKeys(body, ['count', 'windowMs', 'asUser', 'values']);
      const count = optionalNumber(body, 'count');
      if (count === undefined) throw invalidRequest('count is required');
      return seedRecords(emulator, params.orgId!, params.object!, count, {
        windowMs: optionalNumber(body, 'windowMs'),
        asUser: optionalString(body, 'asUser'),
        values: optionalObject(body, 'values'),
      });
    },
    201,
  );
  controlRoute(scope, 'POST', '/orgs/:orgId/objects/:object/records', ({ params, body }) => {
    rejectUnknownKeys(body, ['asUser', 'fields']);
    return createRecordAs(
      emulator,
      params.orgId!,
      params.object!,
      fields(body),
      requiredString(body, 'asUser'),
    );
  });
  controlRoute(scope, 'PATCH', '/orgs/:orgId/records/:id', ({ params, body }) => {
    rejectUnknownKeys(body, ['asUser', 'fields']);
    return updateRecordAs(
      emulator,
      params.orgId!,
      params.id!,
      fields(body),
      requiredString(body, 'asUser'),
    );
  });
  controlRoute(scope, 'DELETE', '/orgs/:orgId/records/:id', ({ params, query }) => {
    const asUser = query.asUser;
    if (asUser === undefined || asUser === '') throw invalidRequest('?asUser= is required');
    return deleteRecordAs(emulator, params.orgId!, params.id!, asUser);
  });
  controlRoute(scope, 'POST', '/orgs/:orgId/records/:id/undelete', ({ params, body }) => {
    rejectUnknownKeys(body, ['asUser']);
    return undeleteRecordAs(emulator, params.orgId!, params.id!, requiredString(body, 'asUser'));
  });
}
