import { createServer } from 'node:net';

/**
 * A port the OS reports free on 127.0.0.1 right now, for tests that must tell a child process
 * which port to use before it starts (its OAuth callback URL depends on it).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
