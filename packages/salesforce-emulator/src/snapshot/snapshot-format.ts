import type { ObjectDefinition } from '../schema/field-definition.ts';
import type { Encoded } from './snapshot-codec.ts';

/** Marks a file as an emulator snapshot. */
export const SNAPSHOT_FORMAT = 'salesforce-emulator-snapshot';
/** Bumped when the layout changes incompatibly. */
export const SNAPSHOT_VERSION = 1;

/**
 * The first element: everything outside the orgs. Maps are saved as arrays of their values
 * (their keys are a field of each value) or of `[key, value]` pairs.
 */
export interface EmulatorElement {
  type: 'emulator';
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  savedAt: string;
  clockOffsetMs: number;
  idCounter: number;
  signingKey: Encoded;
  apps: Encoded[];
  grants: Encoded[];
  /** `[refreshToken, grantId]` pairs. */
  refreshTokens: Array<[string, string]>;
  sessions: Encoded[];
  codes: Encoded[];
  loginSessions: Encoded[];
  faults: Encoded[];
  /** Other plain-data state fields of the emulator, by property name. */
  extra: Record<string, Encoded>;
}

/** One org without its tables; its schema as an array of object definitions. */
export interface OrgElement {
  type: 'org';
  org: Encoded;
  schema: ObjectDefinition[];
}

/** Starts the rows of one table; the `row` and `deleted` elements after it belong to it. */
export interface TableElement {
  type: 'table';
  orgId: string;
  object: string;
}

/** A live record: `["row", record]`. */
export type RowElement = ['row', Record<string, unknown>];
/** A record in the recycle bin: `["deleted", deletedAtMs, record]`. */
export type DeletedElement = ['deleted', number, Record<string, unknown>];

/**
 * A snapshot file is one JSON array with one element per line (`[`, then each element, later
 * ones preceded by a comma, then `]`), so it is valid JSON and can also be read line by line,
 * however many records it holds.
 */
export type SnapshotElement =
  EmulatorElement | OrgElement | TableElement | RowElement | DeletedElement;
