import { useState } from 'react';
import { api, ApiError, messageOf } from './api.ts';
import { formatCount } from './format.ts';
import { RelativeTime } from './RelativeTime.tsx';
import type { Health } from './types.ts';
import { useCheckNow } from './useCheckNow.ts';
import { usePolling } from './usePolling.ts';

const POLL_MS = 10_000;

const KIND_TEXT: Record<string, string> = {
  integration_user: 'a dedicated integration user',
  person: 'a person’s own account',
  unknown: 'not known yet',
};

interface Props {
  connectionId: string;
  /** Health feeds the detail page's warnings too. */
  onHealth: (health: Health) => void;
}

export function HealthHistory({ connectionId, onHealth }: Props) {
  const [health, setHealth] = useState<Health | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const path = `/connections/${encodeURIComponent(connectionId)}/health`;

  const show = (h: Health) => {
    setHealth(h);
    onHealth(h);
  };

  usePolling(
    async (signal) => {
      try {
        show(await api<Health>(path, { signal }));
        setLoadError(null);
      } catch (e) {
        if (signal.aborted) throw e;
        setLoadError(
          e instanceof ApiError && e.status === 404
            ? 'No health information is available for this connection.'
            : `Could not load the health history: ${messageOf(e)}`,
        );
      }
    },
    POLL_MS,
    connectionId,
  );

  const { checking, checkError, check } = useCheckNow<Health>(path, show);

  return (
    <section aria-labelledby="health-heading" className="card">
      <div className="section-head">
        <h3 id="health-heading">Health</h3>
        <button type="button" disabled={checking} onClick={() => void check()}>
          Check now
        </button>
      </div>
      {checkError !== null && (
        <p className="alert" role="alert">
          {checkError}
        </p>
      )}
      {loadError !== null && <p className="muted">{loadError}</p>}
      {health === null ? (
        loadError === null && <p className="muted">Loading…</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Next probe</dt>
            <dd>
              <RelativeTime iso={health.nextProbeAt} empty="not scheduled" />
            </dd>
            <dt>Runs as</dt>
            <dd>
              {KIND_TEXT[health.integrationUser.kind] ?? health.integrationUser.kind}
              {health.integrationUser.signals.length > 0 && (
                <span className="sub">{health.integrationUser.signals.join('; ')}</span>
              )}
            </dd>
            <dt>API usage today</dt>
            <dd>
              {health.apiUsage === null ? (
                <span className="muted">not known yet</span>
              ) : (
                <>
                  {formatCount(health.apiUsage.used)} of {formatCount(health.apiUsage.max)} (
                  {health.apiUsage.percent} %; background work pauses at{' '}
                  {health.apiUsage.budgetPercent} %){health.apiUsage.paused && ' — paused now'}
                  <span className="sub">
                    as of <RelativeTime iso={health.apiUsage.checkedAt} />
                  </span>
                </>
              )}
            </dd>
            {health.passwordExpiresAt !== null && (
              <>
                <dt>Password expires</dt>
                <dd>
                  <RelativeTime iso={health.passwordExpiresAt} />
                </dd>
              </>
            )}
          </dl>
          <h4>Recent checks</h4>
          {health.history.length === 0 ? (
            <p className="muted">No checks yet.</p>
          ) : (
            <table className="history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Result</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {health.history.map((c) => (
                  <tr key={c.id}>
                    <td data-label="When">
                      <RelativeTime iso={c.checkedAt} />
                      <span className="sub">{c.trigger === 'manual' ? 'manual' : 'probe'}</span>
                    </td>
                    <td data-label="Result">
                      <span className={c.ok ? 'ok-text' : 'fail-text'}>
                        {c.ok ? 'OK' : 'Failed'}
                      </span>
                      <span className="sub">{c.durationMs} ms</span>
                    </td>
                    <td data-label="Detail">
                      {c.message ?? c.reason ?? c.outcome}
                      {c.statusAfter !== '' && (
                        <span className="sub">status afterwards: {c.statusAfter}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
