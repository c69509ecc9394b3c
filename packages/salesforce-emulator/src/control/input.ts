import { invalidRequest } from './control-error.ts';

/** A JSON request body as a plain object; an absent body is an empty one. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${key} must be a string`);
  return value;
}

export function requiredString(input: Record<string, unknown>, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined || value.trim() === '') throw invalidRequest(`${key} is required`);
  return value;
}

export function optionalBoolean(input: Record<string, unknown>, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${key} must be true or false`);
  return value;
}

/** A finite number within [min, max]; integers only unless `integer` is false. */
export function optionalNumber(
  input: Record<string, unknown>,
  key: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true } = range;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw invalidRequest(
      `${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
    );
  }
  return value;
}

export function optionalStringArray(
  input: Record<string, unknown>,
  key: string,
): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw invalidRequest(`${key} must be an array of strings`);
  return value;
}

/** A nested plain object (settings, values), or undefined. */
export function optionalObject(
  input: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest(`${key} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Rejects keys the endpoint does not know, so a typo never silently does nothing. */
export function rejectUnknownKeys(input: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw invalidRequest(`unknown ${unknown.length === 1 ? 'key' : 'keys'}: ${unknown.join(', ')}`);
}
