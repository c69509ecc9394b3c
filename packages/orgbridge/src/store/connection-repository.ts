import { skipsLockedRows } from './claim-dialect.ts';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ConnectionTable, Database } from './database.ts';

export type ConnectionRow = Selectable<ConnectionTable>;
/** A connection with the client id of its current grant (the app its approval belongs to). */
export type ConnectionWithApp = ConnectionRow & { effective_client_id: string | null };

export type ConnectionPatch = Omit<
  Updateable<ConnectionTable>,
  'id' | 'workspace_id' | 'version' | 'created_at'
>;

/** The columns a new connection must be given; everything else starts empty. */
export type NewConnection = Pick<
  ConnectionRow,
  | 'id'
  | 'workspace_id'
  | 'nickname'
  | 'environment'
  | 'login_url'
  | 'auth_flow'
  | 'status'
  | 'scopes'
  | 'created_at'
> &
  Partial<Omit<ConnectionRow, 'version'>>;

/** A complete insertable connection row: the given columns, the rest empty (not yet authorized). */
export function newConnectionRow(row: NewConnection): Omit<ConnectionRow, 'version'> {
  return {
    status_reason: null,
    status_before_disable: null,
    status_detail: null,
    client_id: null,
    client_secret_sealed: null,
    grant_id: null,
    org_id: null,
    user_id: null,
    username: null,
    display_name: null,
    profile_name: null,
    user_type: null,
    is_sandbox: null,
    instance_url: null,
    identity_url: null,
    refresh_lease_holder: null,
    refresh_lease_until: null,
    last_refresh_at: null,
    session_lifetime_ms: null,
    credentials_sealed: null,
    password_expiry_days: null,
    password_changed_at: null,
    password_warned_days: null,
    next_probe_at: null,
    last_probe_at: null,
    last_probe_ok: null,
    api_requests_used: null,
    api_requests_max: null,
    api_usage_at: null,
    api_warned_percent: null,
    user_facts: null,
    user_facts_at: null,
    permission_requirement: null,
    permission_report: null,
    permission_checked_at: null,
    updated_at: row.created_at,
    ...row,
  };
}

/** SQL for connections, including the refresh lease that makes refreshes single-flight across processes. */
export class ConnectionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Inserts a connection; a nickname already used in the workspace fails with a unique violation. */
  async insert(row: Insertable<ConnectionTable>): Promise<void> {
    await this.#db.insertInto('connection').values(row).execute();
  }

  /** A connection of a workspace; another workspace's connection is not found. */
  async findInWorkspace(workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
    return this.#db
      .selectFrom('connection')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async find(id: string): Promise<ConnectionRow | undefined> {
    return this.#db.selectFrom('connection').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listForWorkspace(workspaceId: string): Promise<ConnectionRow[]> {
    return this.#db
      .selectFrom('connection')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Connections authorized by one Salesforce user of one org (they may share an app's approvals). */
  async listByIdentity(orgId: string, userId: string): Promise<ConnectionRow[]> {
    return this.#db
      .selectFrom('connection')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
  }

  /**
   * Connections authorized by a Salesforce username (case-insensitive, as Salesforce usernames
   * are), across workspaces, with the app of each current grant.
   */
  async listByUsername(username: string): Promise<ConnectionWithApp[]> {
    return this.#db
      .selectFrom('connection')
      .leftJoin('connection_grant', 'connection_grant.id', 'connection.grant_id')
      .selectAll('connection')
      .select('connection_grant.client_id as effective_client_id')
      .where((eb) => eb(eb.fn('lower', ['connection.username']), '=', username.toLowerCase()))
      .orderBy('connection.created_at')
      .execute();
  }

  /** Connections of one Salesforce user of one org, with the app of each current grant. */
  async listGrantHolders(orgId: string, userId: string): Promise<ConnectionWithApp[]> {
    return this.#db
      .selectFrom('connection')
      .leftJoin('connection_grant', 'connection_grant.id', 'connection.grant_id')
      .selectAll('connection')
      .select('connection_grant.client_id as effective_client_id')
      .where('connection.org_id', '=', orgId)
      .where('connection.user_id', '=', userId)
      .orderBy('connection.created_at')
      .execute();
  }

  /**
   * Applies a patch only if the row is still at `expectedVersion` (optimistic concurrency);
   * returns false when another writer got there first.
   */
  async update(id: string, expectedVersion: number, patch: ConnectionPatch): Promise<boolean> {
    const result = await this.#db
      .updateTable('connection')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Takes the refresh lease if it is free, expired, or already ours: one conditional UPDATE, so
   * of any number of processes asking at once exactly one wins until `until`.
   */
  async acquireRefreshLease(
    id: string,
    holder: string,
    now: number,
    until: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('connection')
      .set({ refresh_lease_holder: holder, refresh_lease_until: until })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('refresh_lease_until', 'is', null),
          eb('refresh_lease_until', '<=', now),
          eb('refresh_lease_holder', '=', holder),
        ]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Releases the lease if this holder still has it. */
  async releaseRefreshLease(id: string, holder: string): Promise<void> {
    await this.#db
      .updateTable('connection')
      .set({ refresh_lease_holder: null, refresh_lease_until: null })
      .where('id', '=', id)
      .where('refresh_lease_holder', '=', holder)
      .execute();
  }

  /** Connections that are probed (active or degraded) but have no probe scheduled yet. */
  async listUnscheduledProbes(limit: number): Promise<Array<{ id: string }>> {
    return this.#db
      .selectFrom('connection')
      .select('id')
      .where('status', 'in', ['active', 'degraded'])
      .where('next_probe_at', 'is', null)
      .limit(limit)
      .execute();
  }

  /** Sets a connection's first probe time, unless another process already did. */
  async scheduleProbe(id: string, at: number): Promise<void> {
    await this.#db
      .updateTable('connection')
      .set({ next_probe_at: at })
      .where('id', '=', id)
      .where('next_probe_at', 'is', null)
      .execute();
  }

  /**
   * Claims up to `limit` due probes in one statement and moves each to its next turn: an
   * interval after its due time, and at least half an interval from now (a connection keeps its
   * place in the spread). On PostgreSQL the rows other processes are claiming are skipped, not
   * waited for, so N workers take N different batches; returns the claimed ids.
   */
  async claimDueProbes(now: number, limit: number, intervalMs: number): Promise<string[]> {
    let due = this.#db
      .selectFrom('connection')
      .select('id')
      .where('status', 'in', ['active', 'degraded'])
      .where('next_probe_at', '<=', now)
      .orderBy('next_probe_at')
      .limit(limit);
    if (skipsLockedRows(this.#db)) due = due.forUpdate().skipLocked();
    const floor = now + Math.floor(intervalMs / 2);
    const rows = await this.#db
      .updateTable('connection')
      .set((eb) => ({
        next_probe_at: eb
          .case()
          .when(eb('next_probe_at', '>', floor - intervalMs))
          .then(eb('next_probe_at', '+', intervalMs))
          .else(floor)
          .end(),
      }))
      .where('id', 'in', due)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Connections with a requirement whose permission check is due (never made, or older than `before`). */
  async listDuePermissionChecks(before: number, limit: number): Promise<Array<{ id: string }>> {
    return this.#db
      .selectFrom('connection')
      .select('id')
      .where('status', 'in', ['active', 'degraded'])
      .where('permission_requirement', 'is not', null)
      .where((eb) =>
        eb.or([eb('permission_checked_at', 'is', null), eb('permission_checked_at', '<', before)]),
      )
      .limit(limit)
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('connection').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
