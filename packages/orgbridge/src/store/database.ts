import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it: one interface per table, singular snake_case names (STYLE).
 * Timestamps are epoch milliseconds (`bigint` columns, read back as numbers); there are no boolean
 * columns, so SQLite and PostgreSQL return the same values.
 */
export interface Database {
  workspace: WorkspaceTable;
  api_key: ApiKeyTable;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

/** A workspace API key. Only its SHA-256 hash is stored; the key itself is shown once. */
export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  /** Hex SHA-256 of the whole key. */
  key_hash: string;
  /** The first characters of the key, so people can tell keys apart. */
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
  /** Row version for optimistic updates. */
  version: Generated<number>;
}
