import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.ts';
import type { ApiKeyRepository } from '../store/api-key-repository.ts';
import type { WorkspaceRepository, WorkspaceRow } from '../store/workspace-repository.ts';
import { generateApiKey, hashApiKey } from './api-key.ts';

/** A workspace as the API shows it. */
export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

/**
 * Who is calling: the operator's admin key, one workspace's key, or a signed page link (one
 * workspace, or one connection of it, for what the connections page does).
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'link'; workspaceId: string; connectionId: string | null; expiresAt: number };

export interface WorkspaceServiceDeps {
  workspaces: WorkspaceRepository;
  apiKeys: ApiKeyRepository;
  now?: () => number;
  newId?: (prefix: string) => string;
  /** How long a verified key is remembered in this process (default 5 s; 0 disables). */
  keyCacheMs?: number;
}

export const newRandomId = (prefix: string): string =>
  `${prefix}_${randomBytes(12).toString('base64url')}`;

function toWorkspace(row: WorkspaceRow): Workspace {
  return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
}

/** Workspaces (a host application's customers) and their API keys. */
export class WorkspaceService {
  readonly #deps: Required<WorkspaceServiceDeps>;
  // Key hash → principal: the API's hot paths need no database read to authenticate. A key
  // revoked by another process stops working within keyCacheMs.
  readonly #verified = new Map<string, { principal: Principal; until: number }>();

  constructor(deps: WorkspaceServiceDeps) {
    this.#deps = { now: Date.now, newId: newRandomId, keyCacheMs: 5000, ...deps };
  }

  /** Creates a workspace and its first API key; the key is returned only here. */
  async create(name: string): Promise<{ workspace: Workspace; apiKey: string }> {
    const { workspaces, now, newId } = this.#deps;
    const row = { id: newId('ws'), name, created_at: now() };
    await workspaces.insert(row);
    return { workspace: toWorkspace(row), apiKey: await this.issueKey(row.id) };
  }

  /** Issues another API key for a workspace (shown once). */
  async issueKey(workspaceId: string): Promise<string> {
    const { apiKeys, now, newId } = this.#deps;
    await this.get(workspaceId);
    const apiKey = generateApiKey();
    await apiKeys.insert({
      id: newId('key'),
      workspace_id: workspaceId,
      key_hash: hashApiKey(apiKey),
      key_prefix: apiKey.slice(0, 8),
      created_at: now(),
      revoked_at: null,
    });
    return apiKey;
  }

  async list(): Promise<Workspace[]> {
    return (await this.#deps.workspaces.list()).map(toWorkspace);
  }

  async get(id: string): Promise<Workspace> {
    const row = await this.#deps.workspaces.find(id);
    if (!row)
      throw new AppError(ErrorCode.WORKSPACE_NOT_FOUND, 'no such workspace', {
        details: { workspaceId: id },
      });
    return toWorkspace(row);
  }

  /**
   * The principal of a key verified within `keyCacheMs`, without touching the database: the
   * access-token hot path authenticates synchronously. Undefined means "ask {@link authenticate}".
   */
  recentlyVerified(key: string): Principal | undefined {
    const known = this.#verified.get(hashApiKey(key));
    return known && known.until > this.#deps.now() ? known.principal : undefined;
  }

  /** The workspace a presented key belongs to, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const hash = hashApiKey(key);
    const now = this.#deps.now();
    const known = this.#verified.get(hash);
    if (known && known.until > now) return known.principal;
    const row = await this.#deps.apiKeys.findActiveByHash(hash);
    if (!row) {
      this.#verified.delete(hash);
      return undefined;
    }
    const principal: Principal = { kind: 'workspace', workspaceId: row.workspace_id };
    if (this.#deps.keyCacheMs > 0) {
      // Bounded: unknown keys are never cached, and a full map starts over rather than grow.
      if (this.#verified.size >= 10_000) this.#verified.clear();
      this.#verified.set(hash, { principal, until: now + this.#deps.keyCacheMs });
    }
    return principal;
  }
}
