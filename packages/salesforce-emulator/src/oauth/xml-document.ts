import { escapeXml } from '../http/responses.ts';

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  const scalar = typeof value === 'string' ? value : JSON.stringify(value);
  return `<${name}>${escapeXml(scalar)}</${name}>`;
}

/** A JSON-shaped document as the identity service's `format=xml`: one element per key, nulls as `xsi:nil`. */
export function toXmlDocument(root: string, doc: Record<string, unknown>): string {
  const children = Object.entries(doc)
    .map(([k, v]) => element(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${children}</${root}>`;
}
