/**
 * JSON has no Map or Set, so they travel tagged: `{ "$map": [[key, value], …] }` and
 * `{ "$set": [value, …] }`. Everything else must already be plain data.
 */
export type Encoded = unknown;

/** Whether a value is plain data (primitives, arrays, plain objects, Maps, Sets) all the way down. */
export function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (value instanceof Map)
    return [...value].every(([k, v]) => isPlainData(k, depth + 1) && isPlainData(v, depth + 1));
  if (value instanceof Set) return [...value].every((v) => isPlainData(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => isPlainData(v, depth + 1));
}

/** Turns Maps and Sets into their tagged forms, recursively. */
export function encodeValue(value: unknown): Encoded {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof Map)
    return { $map: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (value instanceof Set) return { $set: [...value].map(encodeValue) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v);
  return out;
}

/** The reverse of {@link encodeValue}. */
export function decodeValue(value: Encoded): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$map' && Array.isArray(record.$map))
    return new Map(
      (record.$map as Array<[unknown, unknown]>).map(([k, v]) => [decodeValue(k), decodeValue(v)]),
    );
  if (keys.length === 1 && keys[0] === '$set' && Array.isArray(record.$set))
    return new Set((record.$set as unknown[]).map(decodeValue));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decodeValue(v);
  return out;
}
