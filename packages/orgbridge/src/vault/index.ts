export { open, keyIdOf, seal } from './envelope.ts';
export { loadOrCreateKeyFile, type KeyFile } from './key-file.ts';
export { KeyRing } from './key-ring.ts';
export {
  generateMasterKeyBase64,
  MASTER_KEY_BYTES,
  MasterKey,
  parseMasterKey,
} from './master-key.ts';
export { needsRewrap, rewrap } from './rotate.ts';
export { Vault, type SealedSample } from './vault.ts';
export {
  forgetPreviousKeys,
  previousKeysPath,
  readKeyRingFromFiles,
  rotateKeyFiles,
} from './key-rotation-files.ts';
