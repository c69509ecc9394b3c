import type { FieldValue } from './outbox.ts';
import type { OutboxWriteRow } from '../store/outbox-repository.ts';

/**
 * The custom field that makes inserts idempotent: when the object has it (External ID, Unique,
 * text), an insert is sent as an upsert keyed by its write id, so sending it again after a
 * crash finds the record it created instead of creating another (docs/sync.md, "Push").
 */
export const WRITE_ID_FIELD = 'Orgbridge_Write_Id__c';

/** How one outbox write goes to Salesforce. */
export interface Delivery {
  row: OutboxWriteRow;
  /** The Salesforce call: `create` only for inserts on objects without {@link WRITE_ID_FIELD}. */
  call: 'create' | 'update' | 'upsert' | 'delete';
  /** For upserts (and idempotent inserts): the key field and its value for this record. */
  keyField: string | null;
  keyValue: string | null;
  fields: Record<string, FieldValue>;
}

export interface SalesforceRecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** What Salesforce answered for one record. */
export type RecordResult =
  | { success: true; id: string | null; created: boolean }
  | { success: false; errors: SalesforceRecordError[] };

/** Per-record errors worth another try (the record was locked, the server busy). */
const TRANSIENT_RECORD_ERRORS = new Set([
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_RUNNING_TOO_LONG',
  'SERVER_UNAVAILABLE',
]);

export function isTransientRecordError(errors: SalesforceRecordError[]): boolean {
  return errors.length > 0 && errors.every((e) => TRANSIENT_RECORD_ERRORS.has(e.statusCode));
}

/** Deleting a record that is already deleted (a retry after a crash) is the delete done. */
export function alreadyDeleted(delivery: Delivery, result: RecordResult): boolean {
  return (
    delivery.call === 'delete' &&
    !result.success &&
    result.errors.some((e) => e.statusCode === 'ENTITY_IS_DELETED')
  );
}

/** The delivery of an outbox write, given whether its object has {@link WRITE_ID_FIELD}. */
export function deliveryOf(row: OutboxWriteRow, hasWriteIdField: boolean): Delivery {
  const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
  switch (row.operation) {
    case 'insert':
      return hasWriteIdField
        ? { row, call: 'upsert', keyField: WRITE_ID_FIELD, keyValue: row.id, fields }
        : { row, call: 'create', keyField: null, keyValue: null, fields };
    case 'upsert': {
      const keyField = row.external_id_field!;
      const keyValue = String(fields[keyField]);
      return { row, call: 'upsert', keyField, keyValue, fields };
    }
    case 'update':
      return { row, call: 'update', keyField: null, keyValue: null, fields };
    default:
      return { row, call: 'delete', keyField: null, keyValue: null, fields: {} };
  }
}
