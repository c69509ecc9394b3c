import type { RunningEmulator } from '../../src/index.ts';
import type { Org } from '../../src/model/org.ts';
import { createTestSession } from '../helpers/sessions.ts';

/** A record as the REST API renders it; nested relationship values need a cast to `Row`. */
export type Row = Record<string, unknown> & { attributes: { type: string; url?: string } };

/** A child subquery's value on a parent row. */
export interface ChildRows {
  totalSize: number;
  done: boolean;
  records: Row[];
}

export interface RestError {
  message: string;
  errorCode: string;
}

/**
 * Every JSON shape these tests read, in one type: a query page, a replication answer, or an
 * error array. Each test asserts the status first, which decides the shape it reads.
 */
export type Body = {
  totalSize: number;
  done: boolean;
  nextRecordsUrl: string;
  records: Row[];
  ids: string[];
  latestDateCovered: string;
  earliestDateAvailable: string;
  deletedRecords: Array<{ id: string; deletedDate: string }>;
} & RestError[];

export interface QueryResponse {
  status: number;
  headers: Headers;
  body: Body;
}

/** GETs REST paths as one user of an org, over real HTTP on the org's My Domain. */
export function queryClient(running: RunningEmulator, org: Org, userId: string, version = '60.0') {
  const token = createTestSession(running.emulator, org, userId);
  const instance = running.emulator.instanceUrl(org);
  const base = `${instance}/services/data/v${version}`;
  const get = async (
    path: string,
    headers: Record<string, string> = {},
  ): Promise<QueryResponse> => {
    const res = await fetch(
      path.startsWith('/services/') ? `${instance}${path}` : `${base}${path}`,
      {
        headers: { authorization: `Bearer ${token}`, ...headers },
      },
    );
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text || 'null') as Body };
  };
  return {
    token,
    base,
    get,
    /** `GET /query?q=` (or `/queryAll` with `all`). */
    query: (soql: string, options: { all?: boolean; headers?: Record<string, string> } = {}) =>
      get(`/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`, options.headers),
  };
}
