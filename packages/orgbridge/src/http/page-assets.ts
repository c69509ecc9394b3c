import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` puts the connections page (packages/web/dist). */
export const PAGE_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The page runs only its own bundled script and style: no inline code, nothing from elsewhere,
 * never inside another site's frame. API calls go to the same origin.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/**
 * Serves the connections page at `/` from its build. Hashed assets are cached for good; the
 * HTML never, so a new build is picked up at once. Without a build, `/` says how to make one.
 */
export async function registerPageAssets(app: FastifyInstance, dir = PAGE_DIR): Promise<void> {
  if (!existsSync(`${dir}/index.html`)) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The connections page is not built. Run `npm run build:web` and restart orgbridge.\n',
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    setHeaders(res, path) {
      for (const [name, value] of Object.entries(PAGE_HEADERS)) res.header(name, value);
      res.header(
        'cache-control',
        path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
}
