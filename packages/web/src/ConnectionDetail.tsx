import { useState } from 'react';
import { api, ApiError, messageOf } from './api.ts';
import { ConnectionActions } from './ConnectionActions.tsx';
import { warningsOf, WarningList } from './ConnectionWarnings.tsx';
import { EventTimeline } from './EventTimeline.tsx';
import { authFlowLabel, environmentLabel, reasonText } from './format.ts';
import { HealthHistory } from './HealthHistory.tsx';
import { PermissionReport } from './PermissionReport.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { hrefOf } from './router.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import type { Connection, Health, SyncMapping } from './types.ts';
import { usePolling } from './usePolling.ts';

/** Live while open: a running sync or a re-check shows within a couple of seconds. */
const DETAIL_POLL_MS = 2_000;

interface Props {
  id: string;
  /** Opened through a link for this connection only: read-only but for re-authorizing. */
  scoped: boolean;
  announce: (message: string) => void;
  onDeleted: (nickname: string) => void;
}

export function ConnectionDetail({ id, scoped, announce, onDeleted }: Props) {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [loadError, setLoadError] = useState<{ message: string; gone: boolean } | null>(null);
  const [mappings, setMappings] = useState<SyncMapping[] | null>(null);
  const [syncError, setSyncError] = useState<string | null>(null);
  const [health, setHealth] = useState<Health | undefined>(undefined);
  const path = `/connections/${encodeURIComponent(id)}`;

  usePolling(
    async (signal) => {
      const [c, s] = await Promise.allSettled([
        api<Connection>(path, { signal }),
        api<{ mappings: SyncMapping[] }>(`${path}/sync`, { signal }),
      ]);
      if (signal.aborted) return;
      if (c.status === 'fulfilled') {
        setConnection(c.value);
        setLoadError(null);
      } else {
        const gone = c.reason instanceof ApiError && c.reason.status === 404;
        setLoadError({ message: messageOf(c.reason), gone });
        if (gone) setConnection(null);
      }
      if (s.status === 'fulfilled') {
        setMappings(s.value.mappings);
        setSyncError(null);
      } else {
        setSyncError(`Could not load the sync state: ${messageOf(s.reason)}`);
      }
    },
    DETAIL_POLL_MS,
    id,
  );

  // The heading stays the same element while loading, so focus moved to it is not lost.
  return (
    <article aria-labelledby="detail-heading" data-connection-id={id}>
      {!scoped && (
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <a href={hrefOf({ name: 'list' })}>All connections</a>
        </nav>
      )}
      <h2 id="detail-heading" tabIndex={-1}>
        {connection?.nickname ?? (loadError?.gone ? 'Connection not found' : 'Connection')}
      </h2>
      {connection === null ? (
        loadError === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <p className="alert" role="alert">
            {loadError.gone
              ? 'This connection does not exist any more, or is not in this workspace.'
              : `Could not load the connection: ${loadError.message}`}
          </p>
        )
      ) : (
        <Loaded
          connection={connection}
          loadError={loadError?.message ?? null}
          health={health}
          mappings={mappings}
          syncError={syncError}
          scoped={scoped}
          announce={announce}
          onDeleted={onDeleted}
          onChanged={setConnection}
          onHealth={setHealth}
        />
      )}
    </article>
  );
}

interface LoadedProps {
  connection: Connection;
  loadError: string | null;
  health: Health | undefined;
  mappings: SyncMapping[] | null;
  syncError: string | null;
  scoped: boolean;
  announce: (message: string) => void;
  onDeleted: (nickname: string) => void;
  onChanged: (connection: Connection) => void;
  onHealth: (health: Health) => void;
}

function Loaded({
  connection,
  loadError,
  health,
  mappings,
  syncError,
  scoped,
  announce,
  onDeleted,
  onChanged,
  onHealth,
}: LoadedProps) {
  const reason = reasonText(connection);
  const identity = connection.identity;
  const warnings = warningsOf(connection, health);
  return (
    <>
      <section aria-label="Status and identity" className="detail-head card">
        <p className="status-line">
          <StatusBadge status={connection.status} />
          {reason !== null && <span className="reason">{reason}</span>}
        </p>
        {connection.statusMessage !== null && connection.statusMessage !== reason && (
          <p className="muted">{connection.statusMessage}</p>
        )}
        {loadError !== null && (
          <p className="alert" role="alert">
            Could not refresh: {loadError}
          </p>
        )}
        <dl className="facts">
          <dt>Environment</dt>
          <dd>
            {environmentLabel(connection.environment)}
            {connection.environment === 'custom' && (
              <span className="sub url">{connection.loginUrl}</span>
            )}
          </dd>
          <dt>Org id</dt>
          <dd className="mono">{identity?.orgId ?? '—'}</dd>
          <dt>User</dt>
          <dd>
            {identity === null ? (
              <span className="muted">Not authorized yet</span>
            ) : (
              <>
                {identity.username ?? identity.userId}
                {(identity.displayName !== null || identity.profileName !== null) && (
                  <span className="sub">
                    {[identity.displayName, identity.profileName, identity.userType]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                )}
              </>
            )}
          </dd>
          {identity?.instanceUrl != null && (
            <>
              <dt>Instance</dt>
              <dd className="url">{identity.instanceUrl}</dd>
            </>
          )}
          <dt>Auth flow</dt>
          <dd>
            {authFlowLabel(connection.authFlow)}
            {connection.ownApp && <span className="sub">own connected app</span>}
          </dd>
          <dt>Last refresh</dt>
          <dd>
            <RelativeTime iso={connection.lastRefreshAt} />
          </dd>
          <dt>Last probe</dt>
          <dd>
            {health?.lastCheck == null ? (
              <span className="muted">never</span>
            ) : (
              <>
                <RelativeTime iso={health.lastCheck.checkedAt} />{' '}
                <span className={health.lastCheck.ok ? 'ok-text' : 'fail-text'}>
                  {health.lastCheck.ok ? 'ok' : 'failed'}
                </span>
              </>
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <RelativeTime iso={connection.createdAt} />
          </dd>
        </dl>
        {warnings.length > 0 && (
          <div className="warning-box">
            <strong>Warnings</strong>
            <WarningList warnings={warnings} />
          </div>
        )}
      </section>
      <ConnectionActions
        connection={connection}
        reauthorizeOnly={scoped}
        onChanged={onChanged}
        onDeleted={onDeleted}
        announce={announce}
      />
      <SyncStatus mappings={mappings} error={syncError} />
      <PermissionReport connectionId={connection.id} />
      <HealthHistory connectionId={connection.id} onHealth={onHealth} />
      <EventTimeline connectionId={connection.id} />
    </>
  );
}
