import { REASON_TEXT, type StatusReason } from '../domain/connection-status.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';

/** Who a connection's grant belongs to, as the API shows it. */
export interface IdentityView {
  orgId: string;
  userId: string;
  username: string | null;
  displayName: string | null;
  profileName: string | null;
  userType: string | null;
  isSandbox: boolean | null;
  instanceUrl: string | null;
}

/** A connection as the API shows it: never a secret. */
export interface ConnectionView {
  id: string;
  workspaceId: string;
  nickname: string;
  environment: string;
  loginUrl: string;
  authFlow: string;
  status: string;
  statusReason: string | null;
  /** The reason in plain words, for people. */
  statusMessage: string | null;
  /** Secret-free specifics of the status, e.g. `{ displacedBy }` for `token_limit_exceeded`. */
  statusDetail: Record<string, unknown> | null;
  /** True when the connection uses its own connected app rather than the default one. */
  ownApp: boolean;
  scopes: string[];
  identity: IdentityView | null;
  createdAt: string;
  updatedAt: string;
  lastRefreshAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toConnectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    nickname: row.nickname,
    environment: row.environment,
    loginUrl: row.login_url,
    authFlow: row.auth_flow,
    status: row.status,
    statusReason: row.status_reason,
    statusMessage:
      row.status_reason === null ? null : (REASON_TEXT[row.status_reason as StatusReason] ?? null),
    statusDetail:
      row.status_detail === null
        ? null
        : (JSON.parse(row.status_detail) as Record<string, unknown>),
    ownApp: row.client_id !== null,
    scopes: row.scopes.split(' ').filter(Boolean),
    identity:
      row.org_id === null || row.user_id === null
        ? null
        : {
            orgId: row.org_id,
            userId: row.user_id,
            username: row.username,
            displayName: row.display_name,
            profileName: row.profile_name,
            userType: row.user_type,
            isSandbox: row.is_sandbox === null ? null : row.is_sandbox === 1,
            instanceUrl: row.instance_url,
          },
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    lastRefreshAt: iso(row.last_refresh_at),
  };
}
