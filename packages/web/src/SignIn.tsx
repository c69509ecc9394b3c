import { useId, useState, type FormEvent } from 'react';
import { signIn } from './auth.ts';

/**
 * The workspace API key form. A signed link signs in without it; when a link has expired the
 * visitor lands here with the server's sentence saying so.
 */
export function SignIn({ notice }: { notice: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === '') {
      setError('Enter the workspace API key.');
      return;
    }
    setError(null);
    // The key is verified by the first API call (page-session); a refusal comes back here.
    signIn(trimmed);
  };

  const message = error ?? notice;
  return (
    <section className="card narrow" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      {message !== null && (
        <p className="alert" role="alert">
          {message}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>Workspace API key</label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            aria-describedby={hintId}
            aria-invalid={error !== null}
            required
            onChange={(e) => setKey(e.target.value)}
          />
          <p id={hintId} className="hint">
            Kept in this browser tab only, until you sign out or close the tab. Opened a link from
            your software vendor instead? It signs you in by itself; if it expired, ask for a new
            one.
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}
