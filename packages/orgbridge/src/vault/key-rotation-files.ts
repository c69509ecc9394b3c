import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { KeyRing } from './key-ring.ts';
import { generateMasterKeyBase64, parseMasterKey, type MasterKey } from './master-key.ts';

/** Where retired master keys live beside the key file: one base64 key per line. */
export const previousKeysPath = (keyFile: string): string => `${keyFile}.previous`;

function writePrivate(path: string, text: string): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  // rename is atomic on one filesystem: readers see the old file or the new one, never half.
  renameSync(temp, path);
}

function readPreviousKeys(keyFile: string): MasterKey[] {
  const path = previousKeysPath(keyFile);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => parseMasterKey(line, path));
}

/** The key ring from the key file and its retired keys, read synchronously (for reloads). */
export function readKeyRingFromFiles(keyFile: string): KeyRing {
  return new KeyRing(
    parseMasterKey(readFileSync(keyFile, 'utf8'), keyFile),
    readPreviousKeys(keyFile),
  );
}

/**
 * Starts a master-key rotation in key-file mode: the current key joins the retired keys (still
 * used to open), and a new random key becomes current. Running processes pick it up the first
 * time they meet a value sealed with it.
 */
export function rotateKeyFiles(keyFile: string): { previousKeyId: string; currentKeyId: string } {
  const old = readKeyRingFromFiles(keyFile);
  const next = generateMasterKeyBase64();
  const lines = [readFileSync(keyFile, 'utf8').trim()];
  const previousPath = previousKeysPath(keyFile);
  if (existsSync(previousPath)) lines.push(readFileSync(previousPath, 'utf8').trim());
  writePrivate(previousPath, `${lines.filter(Boolean).join('\n')}\n`);
  writePrivate(keyFile, `${next}\n`);
  return { previousKeyId: old.current.id, currentKeyId: parseMasterKey(next).id };
}

/** Drops the retired keys once no stored value needs them. */
export function forgetPreviousKeys(keyFile: string): void {
  const path = previousKeysPath(keyFile);
  if (existsSync(path)) writePrivate(path, '');
}
