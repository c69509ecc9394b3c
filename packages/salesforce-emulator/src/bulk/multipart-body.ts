import type { FastifyRequest } from 'fastify';
import { SalesforceError } from '../salesforce-error.ts';

/** Whether a request is `multipart/form-data` (a create-and-upload ingest request). */
export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/**
 * The named parts of a `multipart/form-data` body, as text. Bulk API 2.0 accepts a `job` part
 * (the job's JSON) and a `content` part (its CSV) to create a job and upload its data at once.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/example_multipart_upload.htm
 */
export function multipartParts(request: FastifyRequest): Map<string, string> {
  const type = request.headers['content-type'] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const body = typeof request.body === 'string' ? request.body : '';
  if (!boundary) {
    throw new SalesforceError(400, 'INVALIDJOB', 'Missing boundary in multipart content type');
  }
  const parts = new Map<string, string>();
  const sections = body.split(`--${boundary}`);
  // The first section is the preamble; one starting with `--` is the epilogue after the close.
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    const text = section.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(text);
    if (!split) continue;
    const headers = text.slice(0, split.index);
    const name = /content-disposition:[^\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      parts.set(name, text.slice(split.index + split[0].length).replace(/\r?\n$/, ''));
    }
  }
  return parts;
}
