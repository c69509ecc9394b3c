/** Kinds of trouble the control API can inject into the Salesforce-facing routes. */
export type FaultKind =
  /** Delay the answer by `latencyMs`. */
  | 'latency'
  /** Answer with `status` (500, 502, 503…) and Salesforce's error body for it. */
  | 'status'
  /** Destroy the socket without answering. */
  | 'drop'
  /** Answer 401 INVALID_SESSION_ID although the session is fine. */
  | 'invalid_session';

/** One injected fault. It applies to matching requests until `remaining` reaches 0 (null: until cleared). */
export interface Fault {
  id: string;
  kind: FaultKind;
  /** Only requests to this org's My Domain or carrying its tokens; null for every request. */
  orgId: string | null;
  /** Only requests whose path (after the host prefix) starts with this. */
  pathPrefix: string | null;
  remaining: number | null;
  latencyMs: number;
  status: number;
}
