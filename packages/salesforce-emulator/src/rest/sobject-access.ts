import { findObject } from '../data/record-operations.ts';
import type { ApiContext } from '../http/api-route.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { objectAccess, type ObjectAccess } from '../security/access.ts';
import { SalesforceError, insufficientAccess, notFound } from '../salesforce-error.ts';

/** A write the REST API refuses before touching a record. */
export type WriteKind = 'create' | 'edit' | 'delete';

/** An object the caller may at least read, with what else they may do. */
export interface VisibleObject {
  def: ObjectDefinition;
  access: ObjectAccess;
}

/** The object by name if it exists and the caller can read it; Salesforce hides the rest. */
export function visibleObject(ctx: ApiContext, name: string): VisibleObject | undefined {
  const def = findObject(ctx.org, name);
  if (!def) return undefined;
  const access = objectAccess(ctx.access, def);
  return access.read ? { def, access } : undefined;
}

/**
 * The object named in a resource path. Unknown objects and objects the caller cannot read get the
 * same 404 `NOT_FOUND`, so a path never reveals what a user may not see.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export function requireVisibleObject(ctx: ApiContext, name: string): VisibleObject {
  const found = visibleObject(ctx, name);
  if (!found) throw notFound();
  return found;
}

const VERB: Record<WriteKind, string> = { create: 'inserted', edit: 'updated', delete: 'deleted' };

/**
 * Why the caller may not do this kind of write to the object, or undefined when they may.
 * An object that accepts no such write at all (Profile inserts, PermissionSetAssignment updates)
 * and a missing Create permission both answer `CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY`
 * "entity type cannot be inserted: <label>", as recorded from real orgs; a missing Edit or Delete
 * permission answers `INSUFFICIENT_ACCESS_OR_READONLY`, the record-level refusal.
 */
export function writeRefusal(
  { def, access }: VisibleObject,
  kind: WriteKind,
): SalesforceError | undefined {
  const objectAllows =
    kind === 'create' ? def.createable : kind === 'edit' ? def.updateable : def.deletable;
  const userMay = kind === 'create' ? access.create : kind === 'edit' ? access.edit : access.delete;
  if (objectAllows && userMay) return undefined;
  if (!objectAllows || kind === 'create') {
    return new SalesforceError(
      400,
      'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      `entity type cannot be ${VERB[kind]}: ${def.label}`,
      [],
    );
  }
  return insufficientAccess();
}

/** Throws {@link writeRefusal}'s error when there is one. */
export function requireWrite(object: VisibleObject, kind: WriteKind): void {
  const refusal = writeRefusal(object, kind);
  if (refusal) throw refusal;
}
