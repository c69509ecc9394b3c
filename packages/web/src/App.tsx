import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, ApiError, messageOf } from './api.ts';
import { getAuth, signOut, subscribeAuth } from './auth.ts';
import { ConnectionDetail } from './ConnectionDetail.tsx';
import { ConnectionList } from './ConnectionList.tsx';
import { NewConnection } from './NewConnection.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import type { Arrival } from './arrival.ts';
import { hrefOf, navigate, useRoute, type Route } from './router.ts';
import { SignIn } from './SignIn.tsx';
import type { PageSession } from './types.ts';

// Each answer names the credential it is for, so a session of a previous sign-in never shows
// for the next one, even for the one render before the new request starts.
type SessionState =
  | { kind: 'loading' }
  | { kind: 'ready'; session: PageSession; credential: string }
  | { kind: 'failed'; message: string; credential: string };

/** A message for one view: it goes away when the visitor moves on to another. */
interface Message {
  kind: 'status' | 'alert';
  text: string;
  routeKey: string;
}

export function App({ arrival }: { arrival: Arrival | null }) {
  const auth = useSyncExternalStore(subscribeAuth, getAuth);
  // Back from Salesforce (or from an email) the address is plain `/` again, yet the page opens
  // on that connection, also after signing in first.
  const route = useRoute(
    arrival === null ? { name: 'list' } : { name: 'detail', id: arrival.connectionId },
  );
  const routeKey = hrefOf(route);
  const [answer, setSession] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<Message | null>(
    arrival === null ? null : { kind: arrival.kind, text: arrival.message, routeKey },
  );

  useEffect(() => {
    const credential = auth.credential;
    if (credential === null) return;
    const controller = new AbortController();
    api<PageSession>('/page-session', { signal: controller.signal }).then(
      (s) => setSession({ kind: 'ready', session: s, credential }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // The admin key, or a key of no workspace: this page is not for it.
        if (error instanceof ApiError && error.status === 403) signOut(error.message);
        else if (!(error instanceof ApiError && error.status === 401))
          setSession({ kind: 'failed', message: messageOf(error), credential });
      },
    );
    return () => controller.abort();
  }, [auth.credential, attempt]);

  const session: SessionState =
    answer.kind !== 'loading' && answer.credential === auth.credential
      ? answer
      : { kind: 'loading' };

  // Moving between views moves focus to the new view's heading, as a page load would.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h2')?.focus();
  }, [routeKey]);

  const signedIn = auth.credential !== null && session.kind === 'ready';
  const scopedTo = session.kind === 'ready' ? session.session.connectionId : null;

  const announce = (text: string, forRoute: Route = route) =>
    setMessage({ kind: 'status', text, routeKey: hrefOf(forRoute) });
  const shown = message !== null && message.routeKey === routeKey ? message : null;

  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          // The hash holds the route: following the link would leave this view.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <div className="top-inner">
          <h1>
            <span className="brand">orgbridge</span> Salesforce connections
          </h1>
          {auth.credential !== null && (
            <nav aria-label="Main" className="top-nav">
              {scopedTo === null && signedIn && <a href={hrefOf({ name: 'list' })}>Connections</a>}
              {session.kind === 'ready' && session.session.expiresAt !== null && (
                <span className="muted">
                  Link expires <RelativeTime iso={session.session.expiresAt} />
                </span>
              )}
              <button type="button" onClick={() => signOut()}>
                Sign out
              </button>
            </nav>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div role="status" aria-live="polite" aria-atomic="true" className="status-region">
          {shown?.kind === 'status' && <p className="notice">{shown.text}</p>}
        </div>
        {shown?.kind === 'alert' && (
          <p className="alert" role="alert">
            {shown.text}
          </p>
        )}
        {auth.credential === null ? (
          <SignIn notice={auth.notice} />
        ) : session.kind === 'loading' ? (
          <p className="muted">Signing in…</p>
        ) : session.kind === 'failed' ? (
          <div className="card narrow">
            <h2>Could not reach orgbridge</h2>
            <p className="alert" role="alert">
              {session.message}
            </p>
            <div className="actions">
              <button
                type="button"
                onClick={() => {
                  setSession({ kind: 'loading' });
                  setAttempt((n) => n + 1);
                }}
              >
                Try again
              </button>
            </div>
          </div>
        ) : (
          <View
            route={scopedTo === null ? route : { name: 'detail', id: scopedTo }}
            scoped={scopedTo !== null}
            announce={announce}
            onDeleted={(nickname) => {
              announce(`Deleted “${nickname}”.`, { name: 'list' });
              navigate({ name: 'list' });
            }}
          />
        )}
      </main>
    </>
  );
}

interface ViewProps {
  route: Route;
  scoped: boolean;
  announce: (message: string) => void;
  onDeleted: (nickname: string) => void;
}

function View({ route, scoped, announce, onDeleted }: ViewProps) {
  switch (route.name) {
    case 'list':
      return <ConnectionList />;
    case 'new':
      return <NewConnection />;
    case 'detail':
      return (
        <ConnectionDetail
          key={route.id}
          id={route.id}
          scoped={scoped}
          announce={announce}
          onDeleted={onDeleted}
        />
      );
  }
}
