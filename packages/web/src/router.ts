import { useSyncExternalStore } from 'react';

// Routes live in the hash: orgbridge serves one static index.html at `/`, so a path route
// would 404 on reload. The hash never reaches the server.
export type Route = { name: 'list' } | { name: 'new' } | { name: 'detail'; id: string };

/** The route a hash names; `fallback` when there is none (the plain `/` address). */
export function parseRoute(hash: string, fallback: Route = { name: 'list' }): Route {
  const path = hash.replace(/^#/, '');
  if (path === '') return fallback;
  if (path === '/new') return { name: 'new' };
  const match = /^\/connections\/([A-Za-z0-9_-]{1,100})$/.exec(path);
  if (match?.[1] !== undefined) return { name: 'detail', id: match[1] };
  return { name: 'list' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'list':
      return '#/';
    case 'new':
      return '#/new';
    case 'detail':
      return `#/connections/${encodeURIComponent(route.id)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const currentHash = () => window.location.hash;

export function useRoute(fallback: Route): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash), fallback);
}
