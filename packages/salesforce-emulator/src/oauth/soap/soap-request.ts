import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** What a partner-API request to the login endpoint asks for. */
export type SoapRequest =
  | { operation: 'login'; username: string | undefined; password: string | undefined }
  | { operation: 'logout'; sessionId: string | undefined }
  | { operation: 'unknown'; name: string }
  | { operation: 'malformed' };

const parser = new XMLParser({
  // Envelopes come as soapenv:, se:, soap: or unprefixed; match on local names only.
  removeNSPrefix: true,
  ignoreAttributes: true,
  // A password of digits must stay a string, and its spaces are part of it.
  parseTagValue: false,
  trimValues: false,
});

function child(node: unknown, name: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[name];
  return Array.isArray(value) ? (value[0] as unknown) : value;
}

function text(node: unknown): string | undefined {
  return typeof node === 'string' ? node : undefined;
}

/**
 * Parses a SOAP envelope sent to `/services/Soap/u/{version}` into the operation it carries.
 * Malformed XML, or XML that is not an envelope, is reported as `malformed`, never thrown.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login.htm
 */
export function parseSoapRequest(body: unknown): SoapRequest {
  const xml = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return { operation: 'malformed' };
  let doc: unknown;
  try {
    doc = parser.parse(xml) as unknown;
  } catch {
    return { operation: 'malformed' };
  }
  const envelope = child(doc, 'Envelope');
  const soapBody = child(envelope, 'Body');
  if (soapBody === undefined) return { operation: 'malformed' };
  const login = child(soapBody, 'login');
  if (login !== undefined) {
    return {
      operation: 'login',
      username: text(child(login, 'username')),
      password: text(child(login, 'password')),
    };
  }
  if (child(soapBody, 'logout') !== undefined) {
    const header = child(child(envelope, 'Header'), 'SessionHeader');
    return { operation: 'logout', sessionId: text(child(header, 'sessionId'))?.trim() };
  }
  const name =
    soapBody !== null && typeof soapBody === 'object'
      ? (Object.keys(soapBody).find((k) => k !== '#text') ?? '')
      : '';
  return { operation: 'unknown', name };
}
