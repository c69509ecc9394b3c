import { escapeXml } from '../../http/responses.ts';

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"';

/** A partner-API success envelope around `inner`. */
export function soapEnvelope(inner: string): string {
  return `${ENVELOPE_OPEN} xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

/** Renders `{ name: value }` as `<name>value</name>…`, nulls as `xsi:nil`, in the given order. */
export function soapElements(values: Record<string, string | number | boolean | null>): string {
  return Object.entries(values)
    .map(([k, v]) =>
      v === null ? `<${k} xsi:nil="true"/>` : `<${k}>${escapeXml(String(v))}</${k}>`,
    )
    .join('');
}

/**
 * A partner-API fault: `<faultcode>sf:CODE</faultcode><faultstring>CODE: message</faultstring>`
 * with the typed fault in `<detail>`. Login failures carry `LoginFault`, others `UnexpectedErrorFault`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm
 */
export function soapFault(code: string, message: string, faultType: string): string {
  return `${ENVELOPE_OPEN} xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring><detail><sf:${faultType} xsi:type="sf:${faultType}"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:${faultType}></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

/** A fault in the request itself (not XML, not an envelope, no such operation): `soapenv:Client`. */
export function soapClientFault(message: string): string {
  return `${ENVELOPE_OPEN}><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
