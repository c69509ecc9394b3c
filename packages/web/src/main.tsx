import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { signIn, takeLinkToken } from './auth.ts';
import { takeArrival } from './arrival.ts';
import './styles.css';

// Both are read before the first render, so neither the link token nor the outcome stays in
// the address bar, and the first view is already the right one.
const linkToken = takeLinkToken();
if (linkToken !== null) signIn(linkToken);
const arrival = takeArrival();

// A new link pasted into this tab changes only the hash: no reload, so watch for it.
window.addEventListener('hashchange', () => {
  const token = takeLinkToken();
  if (token !== null) signIn(token);
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App arrival={arrival} />
  </StrictMode>,
);
