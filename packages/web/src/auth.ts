// The credential lives in sessionStorage, not memory alone: the page leaves for Salesforce and
// comes back in the same tab, and should not ask for the key again. It is not in localStorage
// so that closing the tab ends the session.
const STORAGE_KEY = 'orgbridge.credential';

export interface AuthState {
  credential: string | null;
  /** Why the visitor was signed out, shown on the sign-in form; null after a deliberate sign-out. */
  notice: string | null;
}

let state: AuthState = { credential: readStored(), notice: null };
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private modes, policies): the page still works for this load.
    return null;
  }
}

function store(credential: string | null): void {
  try {
    if (credential === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, credential);
  } catch {
    // See readStored.
  }
}

function publish(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeAuth(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getAuth(): AuthState {
  return state;
}

export function signIn(credential: string): void {
  store(credential);
  publish({ credential, notice: null });
}

export function signOut(notice: string | null = null): void {
  store(null);
  publish({ credential: null, notice });
}

/**
 * Takes a signed link's token from `#link=<token>` and removes it from the address bar, so it is
 * neither bookmarked nor left in the history. The hash never reaches a server or a log.
 */
export function takeLinkToken(): string | null {
  const hash = window.location.hash;
  if (!hash.startsWith('#link=')) return null;
  const token = decodeURIComponent(hash.slice('#link='.length)).trim();
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token === '' ? null : token;
}
