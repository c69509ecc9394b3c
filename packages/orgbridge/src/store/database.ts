import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it: one interface per table, singular snake_case names (STYLE).
 * Timestamps are epoch milliseconds (`bigint` columns, read back as numbers); there are no boolean
 * columns, so SQLite and PostgreSQL return the same values.
 */
export interface Database {
  workspace: WorkspaceTable;
  api_key: ApiKeyTable;
  connection: ConnectionTable;
  connection_grant: ConnectionGrantTable;
  connect_session: ConnectSessionTable;
  event: EventTable;
  health_check: HealthCheckTable;
  requirement_profile: RequirementProfileTable;
  sync_mapping: SyncMappingTable;
  synced_record: SyncedRecordTable;
  outbox_write: OutboxWriteTable;
  outbox_lease: OutboxLeaseTable;
  push_echo: PushEchoTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  notification_setting: NotificationSettingTable;
  email_delivery: EmailDeliveryTable;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

/** A workspace API key. Only its SHA-256 hash is stored; the key itself is shown once. */
export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  /** Hex SHA-256 of the whole key. */
  key_hash: string;
  /** The first characters of the key, so people can tell keys apart. */
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
  /** Row version for optimistic updates. */
  version: Generated<number>;
}

/** One connection: its settings, lifecycle state, identity and refresh lease. */
export interface ConnectionTable {
  id: string;
  workspace_id: string;
  nickname: string;
  environment: string;
  /** The authorization server base URL (login host or My Domain). */
  login_url: string;
  auth_flow: string;
  status: string;
  status_reason: string | null;
  status_before_disable: string | null;
  /** JSON with secret-free specifics of the status (e.g. which connection displaced this one). */
  status_detail: string | null;
  /** The connection's own connected app; null means the configured default app. */
  client_id: string | null;
  client_secret_sealed: string | null;
  /** Space-separated OAuth scopes. */
  scopes: string;
  /** The current grant; null until the first authorization. */
  grant_id: string | null;
  org_id: string | null;
  user_id: string | null;
  username: string | null;
  display_name: string | null;
  profile_name: string | null;
  user_type: string | null;
  /** 1 for a sandbox org, 0 for production, null before the first authorization. */
  is_sandbox: number | null;
  instance_url: string | null;
  identity_url: string | null;
  /** Who holds the refresh lease (single-flight across processes) and until when. */
  refresh_lease_holder: string | null;
  refresh_lease_until: number | null;
  last_refresh_at: number | null;
  /** The org's session timeout as learnt from an INVALID_SESSION_ID; null until observed. */
  session_lifetime_ms: number | null;
  created_at: number;
  updated_at: number;
  version: Generated<number>;
  /** Sealed JSON credentials of the password and JWT bearer flows; null for the others. */
  credentials_sealed: string | null;
  /** Password policy period in days (0: never expires); null: Salesforce's default, 90. */
  password_expiry_days: number | null;
  /** The user's LastPasswordChangeDate as last read. */
  password_changed_at: number | null;
  /** The nearest `password.expiring` threshold (14, 7, 1 days) already announced. */
  password_warned_days: number | null;
  /** When the next background health probe is due; null: not scheduled (inactive). */
  next_probe_at: number | null;
  last_probe_at: number | null;
  /** 1 when the last probe proved the grant works. */
  last_probe_ok: number | null;
  /** The org's daily API requests, as last seen (`Sforce-Limit-Info` or `/limits`). */
  api_requests_used: number | null;
  api_requests_max: number | null;
  api_usage_at: number | null;
  /** The highest `api_limit.warning` level (80, 95) announced for the current climb. */
  api_warned_percent: number | null;
  /** JSON facts about the authorizing user (see `connections/user-facts.ts`). */
  user_facts: string | null;
  user_facts_at: number | null;
  /** JSON `{ preset, options }` or `{ profile }`: what the connection must be allowed to do. */
  permission_requirement: string | null;
  /** JSON of the latest permission report. */
  permission_report: string | null;
  /** When the report was made; null when a check is due (new grant, new requirement). */
  permission_checked_at: number | null;
}

/** A workspace's own requirement profile (permissions/requirement-profile.ts), by name. */
export interface RequirementProfileTable {
  workspace_id: string;
  name: string;
  /** The validated profile as JSON. */
  definition: string;
  created_at: number;
  updated_at: number;
}

/** One health check of a connection, for `GET /connections/{id}/health`. */
export interface HealthCheckTable {
  id: string;
  connection_id: string;
  checked_at: number;
  trigger: string;
  ok: number;
  outcome: string;
  reason: string | null;
  message: string | null;
  duration_ms: number;
  status_after: string;
}

/** One grant of a connection. Replaced grants keep their row but lose their secrets. */
export interface ConnectionGrantTable {
  id: string;
  connection_id: string;
  client_id: string;
  refresh_token_sealed: string | null;
  access_token_sealed: string | null;
  access_token_issued_at: number | null;
  instance_url: string;
  scopes: string;
  issued_at: number;
  replaced_at: number | null;
  revoked_at: number | null;
}

/** A pending trip to Salesforce's authorize page: single use, expiring, bound to one connection. */
export interface ConnectSessionTable {
  id: string;
  /** Hex SHA-256 of the OAuth `state`; the state itself is never stored. */
  state_hash: string;
  workspace_id: string;
  connection_id: string;
  /** `connect` (first authorization) or `reauthorize`. */
  purpose: string;
  code_verifier_sealed: string;
  login_url: string;
  redirect_uri: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** A path on the public URL to send the browser to after the callback; null: the result page. */
  return_to: string | null;
}

/** The event log, read in `seq` order. */
export interface EventTable {
  seq: Generated<number>;
  id: string;
  type: string;
  workspace_id: string;
  connection_id: string | null;
  occurred_at: number;
  /** JSON object, secret-free. */
  data: string;
}

/** One Salesforce object pulled (or pushed) for one connection, with its cursor and run state. */
export interface SyncMappingTable {
  id: string;
  connection_id: string;
  object: string;
  /** JSON array of field names; null for every field the user can read. */
  fields: string | null;
  /** A SOQL condition added to every query (`Industry = 'Energy'`); null for none. */
  filter: string | null;
  /** `pull`, `push` or `both`. */
  direction: string;
  created_at: number;
  updated_at: number;
  /** The cursor: the last (SystemModstamp, Id) pulled and committed; null before the first. */
  cursor_modstamp: string | null;
  cursor_id: string | null;
  /** The change feed's last sequence number for this mapping. */
  change_seq: Generated<number>;
  records_total: Generated<number>;
  /** The run lease: one run of a mapping at a time, across processes. */
  run_holder: string | null;
  run_until: number | null;
  next_run_at: number | null;
  /** `initial` until the first complete pass, then `incremental`. */
  phase: string;
  run_started_at: number | null;
  run_records: Generated<number>;
  run_expected: number | null;
  run_method: string | null;
  last_success_at: number | null;
  last_error: string | null;
  /** JSON array of mapped fields that no longer exist or are no longer readable. */
  missing_fields: string | null;
  /** How pushed updates resolve conflicts (see sync/push-conflicts.ts); null for the default. */
  conflict_policy: Generated<string | null>;
}

/** One pulled record: its latest state and the position of its latest change in the feed. */
export interface SyncedRecordTable {
  connection_id: string;
  object: string;
  record_id: string;
  system_modstamp: string;
  is_deleted: number;
  data: string;
  change_seq: number;
  synced_at: number;
  /** The reconciliation pass that last saw this record alive in Salesforce. */
  seen_in: string | null;
}

/** One write of the host application to one Salesforce record, queued for delivery. */
export interface OutboxWriteTable {
  seq: Generated<number>;
  id: string;
  connection_id: string;
  object: string;
  /** `insert`, `update`, `upsert` or `delete`. */
  operation: string;
  /** Which record, for per-record ordering: `id:<Id>`, `ext:<field>:<value>`, `new:<write id>`. */
  record_key: string;
  record_id: string | null;
  external_id_field: string | null;
  /** JSON object of the fields to write. */
  fields: string;
  /** The record's SystemModstamp as the host application last saw it. */
  base_version: string | null;
  /** `pending`, `sending` (committed before the call: in doubt after a crash), `succeeded`, `failed`. */
  state: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  sent_at: number | null;
  created_at: number;
  completed_at: number | null;
  result_id: string | null;
  result_created: number | null;
  /** JSON array of Salesforce's errors: `{ statusCode, message, fields }`. */
  errors: string | null;
  /** JSON: how a conflict with a Salesforce-side change was resolved. */
  conflict: string | null;
}

/** One delivery run per connection at a time, across processes. */
export interface OutboxLeaseTable {
  connection_id: string;
  holder: string | null;
  until: number | null;
}

/** The fields orgbridge last wrote to a record, to recognize their echo in the next pull. */
export interface PushEchoTable {
  connection_id: string;
  object: string;
  record_id: string;
  fields: string;
  written_at: number;
}

/** A workspace's webhook subscription. The signing secret is stored sealed by the vault. */
export interface WebhookTable {
  id: string;
  workspace_id: string;
  url: string;
  /** JSON array of event types, or `["*"]` for every type. */
  events: string;
  description: string | null;
  secret_sealed: string;
  created_at: number;
}

/** One event to deliver to one webhook: a durable queue entry and its log. */
export interface WebhookDeliveryTable {
  seq: Generated<number>;
  id: string;
  webhook_id: string;
  workspace_id: string;
  event_id: string;
  event_type: string;
  /** `pending`, `delivered` or `failed`. */
  state: string;
  attempts: Generated<number>;
  /** While pending: when it is due (a claim moves it forward by the lease); null otherwise. */
  next_attempt_at: number | null;
  /** Retries stop at this time (24 hours after the event or a manual redelivery). */
  expires_at: number;
  last_attempt_at: number | null;
  /** The receiver's HTTP status of the last attempt; null when none came back. */
  last_status: number | null;
  /** Secret-free description of the last failure. */
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

/** Who in a workspace receives the emails about its connections. */
export interface NotificationSettingTable {
  workspace_id: string;
  /** JSON array of email addresses. */
  admin_emails: string;
  updated_at: number;
}

/** One event to email to one address: a durable queue entry, like {@link WebhookDeliveryTable}. */
export interface EmailDeliveryTable {
  id: string;
  workspace_id: string;
  event_id: string;
  event_type: string;
  recipient: string;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: number | null;
  expires_at: number;
  last_attempt_at: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}
