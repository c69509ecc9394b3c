import { SealedValueRepository, type SealedValue } from '../store/sealed-value-repository.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import type { Vault } from '../vault/vault.ts';
import { webhookSecretContext } from '../notify/webhook-secret.ts';
import { sealContext } from './connections-context.ts';

/** The vault context a sealed value was bound to, from where it is stored. */
export function contextOf(value: SealedValue): string {
  switch (`${value.table}.${value.column}`) {
    case 'connection.client_secret_sealed':
      return sealContext.clientSecret(value.rowId);
    case 'connection.credentials_sealed':
      return sealContext.credentials(value.rowId);
    case 'connection_grant.refresh_token_sealed':
      return sealContext.refreshToken(value.rowId);
    case 'connection_grant.access_token_sealed':
      return sealContext.accessToken(value.rowId);
    case 'webhook.secret_sealed':
      return webhookSecretContext(value.rowId);
    default:
      return sealContext.codeVerifier(value.rowId);
  }
}

/** What a rotation pass did. */
export interface RotationReport {
  scanned: number;
  rewrapped: number;
  /** Values a concurrent writer replaced meanwhile (already under the key it used). */
  changedMeanwhile: number;
  /** Values still under a key other than the current one after the pass. */
  remaining: number;
}

/**
 * Re-wraps every stored secret under the vault's current master key, while the service runs:
 * only data keys are re-encrypted (the secrets themselves are not), each row is replaced only if
 * unchanged since it was read, and a second pass counts what is left under older keys.
 */
export async function rewrapAllSecrets(
  db: Kysely<Database>,
  vault: Vault,
): Promise<RotationReport> {
  const values = new SealedValueRepository(db);
  const report: RotationReport = { scanned: 0, rewrapped: 0, changedMeanwhile: 0, remaining: 0 };
  for await (const value of values.scan()) {
    report.scanned += 1;
    if (!vault.needsRewrap(value.sealed)) continue;
    const next = vault.rewrap(value.sealed, contextOf(value));
    if (await values.replace(value, next)) report.rewrapped += 1;
    else report.changedMeanwhile += 1;
  }
  for await (const value of values.scan())
    if (vault.needsRewrap(value.sealed)) report.remaining += 1;
  return report;
}
