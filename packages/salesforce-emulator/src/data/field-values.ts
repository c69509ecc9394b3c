import { formatDate, formatDateTime, parseDateTime } from '../clock.ts';
import { normalizeId } from '../ids.ts';
import type { FieldDefinition } from '../schema/field-definition.ts';
import { SalesforceError } from '../salesforce-error.ts';

/** Where a value came from: JSON keeps its types, CSV (Bulk API) gives every value as text. */
export type ValueSource = 'json' | 'csv';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function jsonTypeError(type: string, value: unknown): SalesforceError {
  return new SalesforceError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${type} from VALUE_STRING value ${String(value)} or request may be missing a required field`,
  );
}

function fieldError(code: string, f: FieldDefinition, message: string): SalesforceError {
  return new SalesforceError(400, code, `${f.label}: ${message}`, [f.name]);
}

/**
 * Validates and normalises one value for a field, as Salesforce does on insert and update:
 * strings are length-checked, numbers and booleans parsed, dates and datetimes reformatted,
 * ids turned into their 18-character form. `null` clears the field (CSV: `#N/A` or empty).
 */
export function coerceFieldValue(f: FieldDefinition, raw: unknown, source: ValueSource): unknown {
  if (source === 'csv' && (raw === '#N/A' || raw === '')) return null;
  if (raw === null || raw === undefined) return null;
  switch (f.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      if (source === 'csv' && (raw === '1' || raw === '0')) return raw === '1';
      throw jsonTypeError('boolean', raw);
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw jsonTypeError(f.type === 'int' ? 'int' : 'double', raw);
      if (f.type === 'int' && !Number.isInteger(n)) throw jsonTypeError('int', raw);
      const digitsBeforePoint = f.precision - f.scale;
      if (digitsBeforePoint > 0 && Math.abs(Math.trunc(n)) >= 10 ** digitsBeforePoint) {
        throw fieldError('NUMBER_OUTSIDE_VALID_RANGE', f, `value outside of valid range on numeric field: ${n}`);
      }
      return n;
    }
    case 'date': {
      if (typeof raw !== 'string') throw jsonTypeError('date', raw);
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : parseDateTime(raw);
      if (ms === undefined || Number.isNaN(ms)) throw jsonTypeError('date', raw);
      return formatDate(ms);
    }
    case 'datetime': {
      if (typeof raw !== 'string') throw jsonTypeError('datetime', raw);
      const ms = parseDateTime(raw) ?? (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : undefined);
      if (ms === undefined || Number.isNaN(ms)) throw jsonTypeError('datetime', raw);
      return formatDateTime(ms);
    }
    case 'id':
    case 'reference': {
      if (typeof raw !== 'string') throw jsonTypeError('String', raw);
      const id = normalizeId(raw);
      if (!id) throw fieldError('MALFORMED_ID', f, `id value of incorrect type: ${raw}`);
      return id;
    }
    default: {
      if (typeof raw === 'object') throw jsonTypeError('String', JSON.stringify(raw));
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
      if (f.length > 0 && text.length > f.length) {
        throw new SalesforceError(
          400,
          'STRING_TOO_LONG',
          `${f.label}: data value too large: ${text.slice(0, 80)} (max length=${f.length})`,
          [f.name],
        );
      }
      if (f.type === 'email' && text !== '' && !EMAIL.test(text)) {
        throw fieldError('INVALID_EMAIL_ADDRESS', f, `invalid email address: ${text}`);
      }
      return text;
    }
  }
}
