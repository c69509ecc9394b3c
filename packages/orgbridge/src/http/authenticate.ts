import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors.ts';
import { PAGE_LINK_PREFIX, type PageLinks } from '../workspaces/page-links.ts';
import type { Principal, WorkspaceService } from '../workspaces/workspace-service.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedKey(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match)
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'send an API key as Authorization: Bearer <key>');
  return match[1]!;
}

/**
 * Reads `Authorization: Bearer <key>` and resolves the caller, or throws UNAUTHENTICATED.
 * Returns the principal synchronously when no database read is needed (the admin key, or a
 * workspace key verified moments ago), so the hottest routes skip a promise per request.
 */
export function authenticate(
  request: FastifyRequest,
  adminApiKey: string | null,
  workspaces: WorkspaceService,
  pageLinks: PageLinks | null = null,
): Principal | Promise<Principal> {
  const key = presentedKey(request);
  if (adminApiKey !== null && sameSecret(key, adminApiKey)) return { kind: 'admin' };
  if (pageLinks !== null && key.startsWith(PAGE_LINK_PREFIX))
    return pageLinks.verify(key).then((link) => {
      if (!link) throw new AppError(ErrorCode.UNAUTHENTICATED, 'unknown or forged page link');
      return { kind: 'link', ...link };
    });
  return (
    workspaces.recentlyVerified(key) ??
    workspaces.authenticate(key).then((principal) => {
      if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'unknown or revoked API key');
      return principal;
    })
  );
}

/** The admin key, or FORBIDDEN. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin')
    throw new AppError(ErrorCode.FORBIDDEN, 'this needs the admin API key');
}

/**
 * A workspace key's (or page link's) workspace, or FORBIDDEN for the admin key (which manages
 * workspaces only). What a page link may reach is decided before the route runs
 * ({@link linkMayCall}).
 */
export function requireWorkspace(principal: Principal): string {
  if (principal.kind === 'admin') {
    throw new AppError(ErrorCode.FORBIDDEN, 'this needs a workspace API key');
  }
  return principal.workspaceId;
}

/** A workspace API key and nothing else: for what a page link must never do. */
export function requireWorkspaceKey(principal: Principal): string {
  if (principal.kind !== 'workspace')
    throw new AppError(ErrorCode.FORBIDDEN, 'this needs a workspace API key');
  return principal.workspaceId;
}

// A link for one connection's re-authorization: that connection's page, nothing that changes
// or removes it but a re-authorization.
const CONNECTION_LINK_ROUTES = new Set([
  'GET /api/v1/page-session',
  'GET /api/v1/connections/:id',
  'POST /api/v1/connections/:id/reauthorize',
  'GET /api/v1/connections/:id/permissions',
  'POST /api/v1/connections/:id/permissions/check',
  'GET /api/v1/connections/:id/health',
  'POST /api/v1/connections/:id/health/check',
  'GET /api/v1/connections/:id/sync',
  'GET /api/v1/events',
]);
// A link for the workspace reaches what the page does with all its connections besides.
// Everything else (access tokens, the proxy, writes, webhooks, settings, new links) needs a
// workspace API key.
const WORKSPACE_LINK_ROUTES = new Set([
  ...CONNECTION_LINK_ROUTES,
  'GET /api/v1/connections',
  'POST /api/v1/connections',
  'DELETE /api/v1/connections/:id',
  'POST /api/v1/connections/:id/disable',
  'POST /api/v1/connections/:id/enable',
]);

/**
 * Whether a page link may make this call: the route is one the page uses, and a link for one
 * connection names that connection (in the path, or as `connectionId` of `GET /events`).
 */
export function linkMayCall(
  link: Extract<Principal, { kind: 'link' }>,
  method: string,
  route: string,
  params: unknown,
  query: unknown,
): boolean {
  const key = `${method} ${route}`;
  if (link.connectionId === null) return WORKSPACE_LINK_ROUTES.has(key);
  if (!CONNECTION_LINK_ROUTES.has(key)) return false;
  if (route === '/api/v1/page-session') return true;
  const named =
    route === '/api/v1/events'
      ? (query as { connectionId?: unknown } | undefined)?.connectionId
      : (params as { id?: unknown } | undefined)?.id;
  return named === link.connectionId;
}
