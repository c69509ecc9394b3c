import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import type { UserAccess } from '../security/access.ts';

/** What binding a parsed query to an org needs: the org, the caller, the text, the moment. */
export interface BindContext {
  org: Org;
  access: UserAccess;
  /** The full SOQL text, for error positions. */
  soql: string;
  /** queryAll: recycle-bin records count. */
  includeDeleted: boolean;
  /** The emulator clock at planning, for relative date literals and the recycle-bin window. */
  now: number;
  /** `58.0`, for record urls. */
  apiVersion: string;
}

/** The object one query level reads and the names its fields may be prefixed with. */
export interface QueryScope {
  def: ObjectDefinition;
  /** Lower-cased object name and alias, which a field path may start with. */
  prefixes: Set<string>;
}

/** A record accessor compiled once per query and run once per row. */
export type Getter<T = SObjectRecord> = (row: T) => unknown;
