// Response shapes of orgbridge's API, as packages/orgbridge/src/http/schemas.ts and the route
// schemas declare them. Only what the page reads is spelled out; the server may send more.

export type ConnectionStatus = 'pending' | 'active' | 'degraded' | 'needs_reauth' | 'disabled';

export interface Identity {
  orgId: string;
  userId: string;
  username: string | null;
  displayName: string | null;
  profileName: string | null;
  userType: string | null;
  isSandbox: boolean | null;
  instanceUrl: string | null;
}

export interface Connection {
  id: string;
  workspaceId: string;
  nickname: string;
  environment: string;
  loginUrl: string;
  authFlow: string;
  /** One of {@link ConnectionStatus}; typed wide because the server's schema is. */
  status: string;
  statusReason: string | null;
  statusMessage: string | null;
  statusDetail: Record<string, unknown> | null;
  ownApp: boolean;
  scopes: string[];
  identity: Identity | null;
  createdAt: string;
  updatedAt: string;
  lastRefreshAt: string | null;
}

export interface PageSession {
  workspaceId: string;
  connectionId: string | null;
  kind: 'workspace_key' | 'link';
  expiresAt: string | null;
}

export interface ConnectWarning {
  code: string;
  message: string;
}

export interface CreatedConnection {
  connection: Connection;
  authorizeUrl?: string;
  expiresAt?: string;
  warnings: ConnectWarning[];
}

export interface ConnectLink {
  authorizeUrl?: string;
  expiresAt?: string;
  connection?: Connection;
}

export interface HealthCheck {
  id: string;
  checkedAt: string;
  trigger: string;
  ok: boolean;
  outcome: string;
  reason: string | null;
  message: string | null;
  durationMs: number;
  statusAfter: string;
}

export interface ApiUsage {
  used: number;
  max: number;
  percent: number;
  checkedAt: string;
  budgetPercent: number;
  paused: boolean;
}

export interface IntegrationUserAdvice {
  kind: string;
  signals: string[];
  warning: string | null;
}

export interface Health {
  connectionId: string;
  status: string;
  statusReason: string | null;
  lastCheck: HealthCheck | null;
  nextProbeAt: string | null;
  apiUsage: ApiUsage | null;
  passwordExpiresAt: string | null;
  integrationUser: IntegrationUserAdvice;
  history: HealthCheck[];
}

export interface PermissionItem {
  id: string;
  kind: string;
  target: string;
  level?: string;
  need: string;
  status: string;
  reason: string;
  fix: string | null;
  source: string;
}

export interface PermissionReport {
  profile: string;
  checkedAt: string;
  user: { id: string; username: string | null; profileName: string | null };
  summary: {
    granted: number;
    missing: number;
    unverifiable: number;
    requiredMissing: number;
    requiredUnverifiable: number;
  };
  ok: boolean;
  items: PermissionItem[];
}

export interface PermissionsView {
  connectionId: string;
  /** `{ preset, options? }` or `{ profile }`; the schema leaves it open, so it is read with care. */
  requirement: unknown;
  /** A {@link PermissionReport} once checked; the schema leaves it open too. */
  report: unknown;
  checkedAt: string | null;
}

export interface SyncMapping {
  id: string;
  object: string;
  fields: string[] | null;
  filter: string | null;
  direction: string;
  conflictPolicy: string;
  phase: string;
  records: number;
  changeSeq: number;
  running: boolean;
  runRecords: number;
  runStartedAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  lastError: string | null;
  missingFields: string[];
  progress: {
    method: string | null;
    read: number;
    expected: number | null;
    ratePerSecond: number | null;
    etaSeconds: number | null;
  };
}

export interface OrgEvent {
  id: string;
  type: string;
  workspaceId: string;
  connectionId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface EventPage {
  events: OrgEvent[];
  nextCursor: string | null;
}
