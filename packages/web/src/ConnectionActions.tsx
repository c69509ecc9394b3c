import { useId, useState, type FormEvent } from 'react';
import { api, messageOf } from './api.ts';
import type { Connection, ConnectLink } from './types.ts';

interface Props {
  connection: Connection;
  /** A link for this one connection: it may re-authorize, nothing else. */
  reauthorizeOnly: boolean;
  onChanged: (connection: Connection) => void;
  onDeleted: (nickname: string) => void;
  announce: (message: string) => void;
}

type Busy = null | 'reauthorize' | 'disable' | 'enable' | 'delete';

export function ConnectionActions({
  connection,
  reauthorizeOnly,
  onChanged,
  onDeleted,
  announce,
}: Props) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const confirmId = useId();
  const disableHintId = useId();
  const path = `/connections/${encodeURIComponent(connection.id)}`;
  const disabled = connection.status === 'disabled';

  const run = async (what: Exclude<Busy, null>, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const reauthorize = () =>
    run('reauthorize', async () => {
      const link = await api<ConnectLink>(`${path}/reauthorize`, {
        method: 'POST',
        body: { returnTo: '/' },
      });
      if (link.authorizeUrl !== undefined) {
        announce('Opening Salesforce…');
        window.location.assign(link.authorizeUrl);
        return;
      }
      // Direct flows (password, JWT, client credentials) log in again at once.
      if (link.connection !== undefined) {
        onChanged(link.connection);
        announce('Re-authorized: same connection, settings and sync position kept');
      }
    });

  const setEnabled = (enable: boolean) =>
    run(enable ? 'enable' : 'disable', async () => {
      const updated = await api<Connection>(`${path}/${enable ? 'enable' : 'disable'}`, {
        method: 'POST',
        body: {},
      });
      onChanged(updated);
      announce(
        enable
          ? `Enabled “${updated.nickname}”. Work resumes where it stopped.`
          : `Disabled “${updated.nickname}”. Nothing was deleted.`,
      );
    });

  const remove = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (typed !== connection.nickname) return;
    void run('delete', async () => {
      await api<undefined>(path, { method: 'DELETE' });
      onDeleted(connection.nickname);
    });
  };

  return (
    <section aria-labelledby="actions-heading" className="card">
      <h3 id="actions-heading">Actions</h3>
      {error !== null && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy !== null}
          onClick={() => void reauthorize()}
        >
          Reauthorize
        </button>
        {!reauthorizeOnly &&
          (disabled ? (
            <button
              type="button"
              disabled={busy !== null}
              aria-describedby={disableHintId}
              onClick={() => void setEnabled(true)}
            >
              Enable
            </button>
          ) : (
            <button
              type="button"
              disabled={busy !== null}
              aria-describedby={disableHintId}
              onClick={() => void setEnabled(false)}
            >
              Disable
            </button>
          ))}
        {!reauthorizeOnly && (
          <button
            type="button"
            className="danger"
            disabled={busy !== null}
            aria-expanded={confirming}
            aria-controls={confirmId}
            onClick={() => {
              setConfirming((c) => !c);
              setTyped('');
            }}
          >
            Delete
          </button>
        )}
      </div>
      <p className="hint">
        Reauthorize sends you to Salesforce to sign in again. The connection keeps its id, settings
        and sync position; Salesforce must sign in to the same org.
      </p>
      {!reauthorizeOnly && (
        <p id={disableHintId} className="hint">
          Disabling pauses refreshes, probes and syncs. Nothing is deleted: settings, sync position
          and queued writes are kept, and Enable resumes from where it stopped.
        </p>
      )}
      {!reauthorizeOnly && confirming && (
        <form id={confirmId} className="confirm" onSubmit={remove}>
          <p>
            Deleting revokes orgbridge’s access at Salesforce and erases this connection’s secrets,
            settings and sync state. It cannot be undone.
          </p>
          <div className="field">
            <label htmlFor={`${confirmId}-input`}>
              Type the nickname <strong>{connection.nickname}</strong> to confirm
            </label>
            <input
              id={`${confirmId}-input`}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <div className="actions">
            <button
              type="submit"
              className="danger"
              disabled={typed !== connection.nickname || busy !== null}
            >
              Delete {connection.nickname}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
