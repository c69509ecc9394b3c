import { useId } from 'react';
import { formatCount, formatDuration } from './format.ts';
import { RelativeTime } from './RelativeTime.tsx';
import type { SyncMapping } from './types.ts';

const PHASE_TEXT: Record<string, string> = {
  initial: 'First load',
  incremental: 'Up to date, following changes',
};

const DIRECTION_TEXT: Record<string, string> = {
  pull: 'Salesforce → here',
  push: 'here → Salesforce',
  both: 'both ways',
};

function Progress({ mapping }: { mapping: SyncMapping }) {
  const labelId = useId();
  const { read, expected, ratePerSecond, etaSeconds, method } = mapping.progress;
  const text =
    expected === null
      ? `${formatCount(read)} records read`
      : `${formatCount(read)} of ${formatCount(expected)} records`;
  return (
    <div className="progress">
      <span id={labelId}>
        Syncing {mapping.object}: {text}
      </span>
      {/* Without an expected count the bar is indeterminate rather than guessed. */}
      {expected === null || expected <= 0 ? (
        <progress aria-labelledby={labelId} />
      ) : (
        <progress aria-labelledby={labelId} value={Math.min(read, expected)} max={expected} />
      )}
      <span className="sub">
        {[
          method === null ? null : `via ${method}`,
          ratePerSecond === null ? null : `${formatCount(ratePerSecond)} records/s`,
          etaSeconds === null ? null : `about ${formatDuration(etaSeconds)} left`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </div>
  );
}

interface Props {
  mappings: SyncMapping[] | null;
  error: string | null;
}

/** Per-object sync state; the detail page polls it along with the connection. */
export function SyncStatus({ mappings, error }: Props) {
  return (
    <section aria-labelledby="sync-heading" className="card">
      <h3 id="sync-heading">Sync</h3>
      {error !== null && <p className="muted">{error}</p>}
      {mappings === null ? (
        error === null && <p className="muted">Loading…</p>
      ) : mappings.length === 0 ? (
        <p className="muted">This connection does not sync any objects.</p>
      ) : (
        <table className="sync">
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col">State</th>
              <th scope="col">Records</th>
              <th scope="col">Last success</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={m.id} data-mapping-id={m.id} data-object={m.object}>
                <th scope="row" data-label="Object">
                  {m.object}
                  <span className="sub">{DIRECTION_TEXT[m.direction] ?? m.direction}</span>
                </th>
                <td data-label="State">
                  {m.running ? (
                    <Progress mapping={m} />
                  ) : (
                    <>
                      {PHASE_TEXT[m.phase] ?? m.phase}
                      {m.nextRunAt !== null && (
                        <span className="sub">
                          next run <RelativeTime iso={m.nextRunAt} />
                        </span>
                      )}
                    </>
                  )}
                </td>
                <td data-label="Records">{formatCount(m.records)}</td>
                <td data-label="Last success">
                  <RelativeTime iso={m.lastSuccessAt} />
                </td>
                <td data-label="Last error">
                  {m.lastError === null ? (
                    <span className="muted">none</span>
                  ) : (
                    <span className="fail-text">{m.lastError}</span>
                  )}
                  {m.missingFields.length > 0 && (
                    <span className="sub">
                      Fields no longer readable: {m.missingFields.join(', ')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
