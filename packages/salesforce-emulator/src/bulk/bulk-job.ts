import type { PlannedQuery } from '../soql/query-engine.ts';

/**
 * Glossary.
 * - job: one Bulk API 2.0 query or ingest job (`750…`), owned by an org, created by a user.
 * - step: one slice of asynchronous work on a job (a state change or a chunk of rows), run on a
 *   later tick so the server keeps answering while a job processes.
 * - outcome: what happened to one uploaded row (success with id, or failure with `sf__Error`).
 */

/** Job states, in Salesforce's spelling. */
export type JobState =
  'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** The `lineEnding` of a job: how its CSV rows end, in uploads and results. */
export type LineEnding = 'LF' | 'CRLF';

/** The characters each line ending stands for. */
export const LINE_ENDINGS: Record<LineEnding, string> = { LF: '\n', CRLF: '\r\n' };

/**
 * The `columnDelimiter` of a job.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
 */
export type ColumnDelimiter = 'BACKQUOTE' | 'CARET' | 'COMMA' | 'PIPE' | 'SEMICOLON' | 'TAB';

/** The character each column delimiter stands for. */
export const COLUMN_DELIMITERS: Record<ColumnDelimiter, string> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

/** `queryAll` also returns records in the recycle bin. */
export type QueryOperation = 'query' | 'queryAll';

/** What an ingest job does with each row; `hardDelete` skips the recycle bin. */
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

/** What every job has. Times are epoch ms on the emulator clock. */
export interface JobBase {
  id: string;
  orgId: string;
  object: string;
  createdById: string;
  createdAt: number;
  modifiedAt: number;
  state: JobState;
  /** `58.0`: the version the job was created with. */
  apiVersion: string;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  numberRecordsProcessed: number;
  /** Milliseconds spent processing, measured on the real clock. */
  totalProcessingTime: number;
  /** Set when the job is Failed. */
  errorMessage: string | null;
}

/** A query job: its SOQL, planned at creation, and the plan that renders its result rows. */
export interface QueryJob extends JobBase {
  kind: 'query';
  operation: QueryOperation;
  query: string;
  plan: PlannedQuery;
}

/** The result of one uploaded row. */
export type RowOutcome =
  { ok: true; id: string; created: boolean } | { ok: false; id: string; error: string };

/** An ingest job: its one upload, the parsed rows, and an outcome per processed row. */
export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName: string | null;
  assignmentRuleId: string | null;
  /** The uploaded CSV, kept until it is parsed; null when nothing was uploaded. */
  upload: string | null;
  /** Parsed header and rows, once processing has parsed the upload. */
  header: string[] | null;
  rows: string[][] | null;
  /** One outcome per processed row, in upload order. */
  outcomes: RowOutcome[];
  numberRecordsFailed: number;
  /** Milliseconds spent actively processing rows. */
  apiActiveProcessingTime: number;
}

/** Any Bulk API 2.0 job. */
export type BulkJob = QueryJob | IngestJob;

/** Salesforce's name for a state in job-state error messages (`Aborting already Completed Job`). */
export function stateWord(state: JobState): string {
  return state === 'JobComplete' ? 'Completed' : state;
}
