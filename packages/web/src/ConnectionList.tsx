import { useState } from 'react';
import { api, messageOf } from './api.ts';
import { warningsOf, WarningList } from './ConnectionWarnings.tsx';
import { authFlowLabel, environmentLabel, reasonText } from './format.ts';
import { RelativeTime } from './RelativeTime.tsx';
import { hrefOf, navigate } from './router.ts';
import { StatusBadge } from './StatusBadge.tsx';
import type { Connection } from './types.ts';
import { useHealthOf } from './useHealth.ts';
import { usePolling } from './usePolling.ts';

const LIST_POLL_MS = 5_000;
const HEALTH_POLL_MS = 30_000;

export function ConnectionList() {
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  usePolling(
    async (signal) => {
      try {
        const body = await api<{ connections: Connection[] }>('/connections', { signal });
        setConnections(body.connections);
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(messageOf(e));
      }
    },
    LIST_POLL_MS,
    'list',
  );
  const health = useHealthOf(connections?.map((c) => c.id) ?? [], HEALTH_POLL_MS);

  return (
    <section aria-labelledby="list-heading">
      <div className="section-head">
        <h2 id="list-heading" tabIndex={-1}>
          Connections
        </h2>
        <button type="button" className="primary" onClick={() => navigate({ name: 'new' })}>
          New connection
        </button>
      </div>
      {error !== null && (
        <p className="alert" role="alert">
          Could not load the connections: {error}
        </p>
      )}
      {connections === null ? (
        error === null && <p className="muted">Loading…</p>
      ) : connections.length === 0 ? (
        <p>No connections yet. Choose “New connection” to connect a Salesforce org.</p>
      ) : (
        <table className="connections">
          <caption className="visually-hidden">
            Salesforce connections of this workspace, updated every few seconds
          </caption>
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Salesforce org</th>
              <th scope="col">Auth flow</th>
              <th scope="col">Status</th>
              <th scope="col">Last refresh</th>
              <th scope="col">Last probe</th>
              <th scope="col">Warnings</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => {
              const h = health.get(c.id);
              const reason = reasonText(c);
              return (
                <tr key={c.id} data-connection-id={c.id}>
                  <th scope="row" data-label="Connection">
                    <a href={hrefOf({ name: 'detail', id: c.id })} className="nickname">
                      {c.nickname}
                    </a>
                    <span className="sub">
                      {environmentLabel(c.environment)}
                      {c.environment === 'custom' && <span className="url"> {c.loginUrl}</span>}
                    </span>
                  </th>
                  <td data-label="Salesforce org">
                    {c.identity === null ? (
                      <span className="muted">Not authorized yet</span>
                    ) : (
                      <>
                        <span className="mono">{c.identity.orgId}</span>
                        <span className="sub">{c.identity.username ?? c.identity.userId}</span>
                      </>
                    )}
                  </td>
                  <td data-label="Auth flow">{authFlowLabel(c.authFlow)}</td>
                  <td data-label="Status">
                    <StatusBadge status={c.status} />
                    {reason !== null && <span className="sub">{reason}</span>}
                  </td>
                  <td data-label="Last refresh">
                    <RelativeTime iso={c.lastRefreshAt} />
                  </td>
                  <td data-label="Last probe">
                    {h === undefined ? (
                      <span className="muted">…</span>
                    ) : h.lastCheck === null ? (
                      <span className="muted">never</span>
                    ) : (
                      <>
                        <RelativeTime iso={h.lastCheck.checkedAt} />{' '}
                        <span className={h.lastCheck.ok ? 'ok-text' : 'fail-text'}>
                          {h.lastCheck.ok ? 'ok' : 'failed'}
                        </span>
                      </>
                    )}
                  </td>
                  <td data-label="Warnings">
                    <WarningList warnings={warningsOf(c, h)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
