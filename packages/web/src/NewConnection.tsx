import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from './api.ts';
import { navigate } from './router.ts';
import type { ConnectWarning, CreatedConnection } from './types.ts';

type Environment = 'production' | 'sandbox' | 'custom';

interface Problem {
  message: string;
  /** The form field the API named in `details.field`, to point at it. */
  field: string | null;
}

const ENVIRONMENTS: { value: Environment; label: string; hint: string }[] = [
  { value: 'production', label: 'Production', hint: 'login.salesforce.com' },
  { value: 'sandbox', label: 'Sandbox', hint: 'test.salesforce.com' },
  { value: 'custom', label: 'Custom domain', hint: 'e.g. acme.my.salesforce.com' },
];

export function NewConnection() {
  const [nickname, setNickname] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const [loginUrl, setLoginUrl] = useState('');
  const [loginHint, setLoginHint] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // Warnings (a user near Salesforce's five approvals) are shown before leaving, not lost.
  const [pending, setPending] = useState<{ url: string; warnings: ConnectWarning[] } | null>(null);
  const ids = {
    nickname: useId(),
    loginUrl: useId(),
    loginHint: useId(),
    loginHintHint: useId(),
    authFlow: useId(),
    authFlowHint: useId(),
    error: useId(),
  };

  const submit = async () => {
    const name = nickname.trim();
    const url = loginUrl.trim();
    if (name === '') return setProblem({ message: 'Enter a nickname.', field: 'nickname' });
    if (environment === 'custom' && url === '')
      return setProblem({ message: 'Enter the My Domain URL.', field: 'loginUrl' });
    setBusy(true);
    setProblem(null);
    try {
      const created = await api<CreatedConnection>('/connections', {
        method: 'POST',
        body: {
          nickname: name,
          environment,
          ...(environment === 'custom' ? { loginUrl: url } : {}),
          ...(loginHint.trim() === '' ? {} : { loginHint: loginHint.trim() }),
          returnTo: '/',
        },
      });
      if (created.authorizeUrl === undefined) {
        navigate({ name: 'detail', id: created.connection.id });
        return;
      }
      if (created.warnings.length > 0) {
        setPending({ url: created.authorizeUrl, warnings: created.warnings });
        setBusy(false);
        return;
      }
      window.location.assign(created.authorizeUrl);
    } catch (error) {
      const field =
        error instanceof ApiError && typeof error.details?.field === 'string'
          ? error.details.field
          : error instanceof ApiError && error.code === 'NICKNAME_TAKEN'
            ? 'nickname'
            : error instanceof ApiError && error.code === 'LOGIN_URL_INVALID'
              ? 'loginUrl'
              : null;
      setProblem({ message: messageOf(error), field });
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  if (pending !== null)
    return (
      <section aria-labelledby="new-heading" className="card">
        <h2 id="new-heading" tabIndex={-1}>
          Before you go to Salesforce
        </h2>
        <ul className="warnings" role="alert">
          {pending.warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => window.location.assign(pending.url)}
          >
            Continue to Salesforce
          </button>
          <button type="button" onClick={() => navigate({ name: 'list' })}>
            Not now
          </button>
        </div>
      </section>
    );

  const invalid = (field: string) => problem?.field === field;
  const describedBy = (field: string, hint?: string) =>
    [hint, invalid(field) ? ids.error : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <section aria-labelledby="new-heading" className="card">
      <h2 id="new-heading" tabIndex={-1}>
        New connection
      </h2>
      <form onSubmit={onSubmit} noValidate>
        {problem !== null && (
          <p id={ids.error} className="alert" role="alert">
            {problem.message}
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.nickname}>Nickname</label>
          <input
            id={ids.nickname}
            value={nickname}
            maxLength={100}
            required
            aria-required="true"
            aria-invalid={invalid('nickname')}
            aria-describedby={describedBy('nickname')}
            onChange={(e) => setNickname(e.target.value)}
          />
        </div>
        <fieldset className="field">
          <legend>Environment</legend>
          <div className="radios">
            {ENVIRONMENTS.map((env) => (
              <label key={env.value} className="radio">
                <input
                  type="radio"
                  name="environment"
                  value={env.value}
                  checked={environment === env.value}
                  onChange={() => setEnvironment(env.value)}
                />
                <span>
                  {env.label} <span className="muted">({env.hint})</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {environment === 'custom' && (
          <div className="field">
            <label htmlFor={ids.loginUrl}>My Domain URL</label>
            <input
              id={ids.loginUrl}
              type="url"
              inputMode="url"
              placeholder="https://acme.my.salesforce.com"
              value={loginUrl}
              maxLength={2048}
              required
              aria-required="true"
              aria-invalid={invalid('loginUrl')}
              aria-describedby={describedBy('loginUrl')}
              onChange={(e) => setLoginUrl(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.authFlow}>Auth flow</label>
          <select id={ids.authFlow} defaultValue="web_server" aria-describedby={ids.authFlowHint}>
            <option value="web_server">Web server (a Salesforce admin signs in)</option>
          </select>
          <p id={ids.authFlowHint} className="hint">
            The password, JWT bearer and client credentials flows need secrets (a password, a
            private key, a client secret), so they are set up through the API or the CLI, not this
            page.
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.loginHint}>Salesforce username (optional)</label>
          <input
            id={ids.loginHint}
            autoComplete="off"
            spellCheck={false}
            value={loginHint}
            maxLength={255}
            aria-invalid={invalid('loginHint')}
            aria-describedby={describedBy('loginHint', ids.loginHintHint)}
            onChange={(e) => setLoginHint(e.target.value)}
          />
          <p id={ids.loginHintHint} className="hint">
            Pre-fills the Salesforce login, and lets orgbridge warn when this user already holds the
            five approvals Salesforce allows per app.
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Connect to Salesforce
          </button>
          <button type="button" onClick={() => navigate({ name: 'list' })}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
