import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { registerCollectionRoutes } from './collection-routes.ts';
import { registerDescribeRoutes } from './describe-routes.ts';
import { registerLimitsRoutes } from './limits-routes.ts';
import { registerRecordRoutes } from './record-routes.ts';
import { registerResourceRoutes } from './resource-routes.ts';

/**
 * The REST API under `/services/data` on every instance host, except SOQL query and replication
 * (query-routes, replication-routes) and Bulk API 2.0: versions and resources, describe, record
 * CRUD and upsert, sObject Collections and limits.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_list.htm
 */
export function registerRestRoutes(app: FastifyInstance, emulator: Emulator): void {
  registerResourceRoutes(app, emulator);
  registerDescribeRoutes(app, emulator);
  registerRecordRoutes(app, emulator);
  registerCollectionRoutes(app, emulator);
  registerLimitsRoutes(app, emulator);
}
