import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, ErrorCode } from '../errors.ts';
import { generateMasterKeyBase64, parseMasterKey, type MasterKey } from './master-key.ts';

/** What {@link loadOrCreateKeyFile} found: the key, and whether this call created the file. */
export interface KeyFile {
  key: MasterKey;
  /** True when the file did not exist and this call wrote it: the operator should back it up. */
  created: boolean;
}

// Owner read/write only. Group and other bits on an existing file are refused, not repaired:
// a key that was readable by others may already be copied, so the operator must decide.
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;
const GROUP_OTHER_BITS = 0o077;

/**
 * Reads the master key file at `path` (base64 of 32 bytes, as `ORGBRIDGE_MASTER_KEY`), or, when
 * it does not exist, creates it with a fresh random key, mode 0600, creating its directory
 * (mode 0700) if needed.
 *
 * Creation is atomic and exclusive: the key is written to a private temporary file that is then
 * hard-linked into place, which fails if `path` already exists. Any number of processes starting
 * at once therefore agree on one key, and a crash never leaves an empty or half-written key file.
 *
 * An existing file whose mode grants any access to group or others is refused (except on
 * Windows, where POSIX modes do not apply); the message says how to fix it.
 *
 * @throws AppError `VAULT_KEY_INVALID` when the file is not a regular file, is accessible to
 *   group or others, does not hold a valid key, or cannot be read or created.
 */
export async function loadOrCreateKeyFile(path: string): Promise<KeyFile> {
  const existing = await readKeyFile(path);
  if (existing !== undefined) return { key: existing, created: false };
  if (await createKeyFile(path)) {
    const key = await readKeyFile(path);
    if (key !== undefined) return { key, created: true };
  }
  // Lost the race to another process, whose complete file is now in place.
  const winner = await readKeyFile(path);
  if (winner === undefined) throw fileError(path, 'vanished while it was being created');
  return { key: winner, created: false };
}

/** The key in the file, or undefined when there is no file. */
async function readKeyFile(path: string): Promise<MasterKey | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fileError(path, `cannot be opened (${errorCode(error) ?? 'unknown error'})`, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw fileError(path, 'is not a regular file');
    if (process.platform !== 'win32' && (stats.mode & GROUP_OTHER_BITS) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      throw fileError(
        path,
        `is accessible to group or others (mode ${mode}); restrict it with \`chmod 600 ${path}\``,
      );
    }
    const text = await handle.readFile('utf8');
    return parseMasterKey(text, `master key file ${path}`);
  } finally {
    await handle.close();
  }
}

/** Writes a new key file unless one exists; returns whether this call's file is the one in place. */
async function createKeyFile(path: string): Promise<boolean> {
  const directory = dirname(path);
  try {
    await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  } catch (error) {
    throw fileError(
      path,
      `cannot create its directory (${errorCode(error) ?? 'unknown error'})`,
      error,
    );
  }
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', FILE_MODE);
    try {
      await handle.writeFile(`${generateMasterKeyBase64()}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      throw error;
    }
  } catch (error) {
    throw fileError(path, `cannot be created (${errorCode(error) ?? 'unknown error'})`, error);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

function fileError(path: string, problem: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.VAULT_KEY_INVALID, `master key file ${path} ${problem}`, {
    details: { path },
    cause,
  });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
