import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { addCustomField, removeField, type CustomFieldOptions } from '../custom-fields.ts';
import { invalidRequest } from '../control-error.ts';
import { optionalBoolean, optionalString, rejectUnknownKeys, requiredString } from '../input.ts';
import { createCustomObject, listObjects, removeCustomObject } from '../schema.ts';
import { controlRoute } from './control-route.ts';

const FIELD_KEYS = [
  'name',
  'type',
  'label',
  'length',
  'precision',
  'scale',
  'externalId',
  'unique',
  'required',
  'picklistValues',
  'referenceTo',
  'defaultValue',
];

function fieldSpec(input: unknown): CustomFieldOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalidRequest('a field must be a JSON object');
  rejectUnknownKeys(input as Record<string, unknown>, FIELD_KEYS);
  return input as CustomFieldOptions;
}

/** Custom objects and fields. */
export function registerSchemaRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/orgs/:orgId/objects', ({ params }) =>
    listObjects(emulator, params.orgId!),
  );
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/objects',
    ({ params, body }) => {
      rejectUnknownKeys(body, [
        'name',
        'label',
        'labelPlural',
        'keyPrefix',
        'bulkSupported',
        'fields',
      ]);
      const fields = body.fields;
      if (fields !== undefined && !Array.isArray(fields))
        throw invalidRequest('fields must be an array');
      return createCustomObject(emulator, params.orgId!, {
        name: requiredString(body, 'name'),
        label: optionalString(body, 'label'),
        labelPlural: optionalString(body, 'labelPlural'),
        keyPrefix: optionalString(body, 'keyPrefix'),
        bulkSupported: optionalBoolean(body, 'bulkSupported'),
        fields: (fields ?? []).map(fieldSpec),
      });
    },
    201,
  );
  controlRoute(scope, 'DELETE', '/orgs/:orgId/objects/:object', ({ params }) =>
    removeCustomObject(emulator, params.orgId!, params.object!),
  );
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/objects/:object/fields',
    ({ params, body }) => addCustomField(emulator, params.orgId!, params.object!, fieldSpec(body)),
    201,
  );
  controlRoute(scope, 'DELETE', '/orgs/:orgId/objects/:object/fields/:field', ({ params }) =>
    removeField(emulator, params.orgId!, params.object!, params.field!),
  );
}
