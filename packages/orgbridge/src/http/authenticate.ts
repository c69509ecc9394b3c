import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors.ts';
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
): Principal | Promise<Principal> {
  const key = presentedKey(request);
  if (adminApiKey !== null && sameSecret(key, adminApiKey)) return { kind: 'admin' };
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

/** A workspace key's workspace, or FORBIDDEN for the admin key (which manages workspaces only). */
export function requireWorkspace(principal: Principal): string {
  if (principal.kind !== 'workspace') {
    throw new AppError(ErrorCode.FORBIDDEN, 'this needs a workspace API key');
  }
  return principal.workspaceId;
}
