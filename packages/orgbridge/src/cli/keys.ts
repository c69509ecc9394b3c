import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { rewrapAllSecrets } from '../connections/rotate-secrets.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { createServices } from '../services.ts';
import { rotateKeyFiles } from '../vault/index.ts';
import { withServices } from './with-services.ts';

/**
 * `orgbridge keys rotate`: moves every stored secret under a new master key while the service
 * runs. Key-file mode: a new key is generated, the old one kept as retired (running processes
 * re-read the files when they meet the new key), then every data key is re-wrapped.
 * Environment mode: set ORGBRIDGE_MASTER_KEY to the new key and ORGBRIDGE_PREVIOUS_MASTER_KEYS
 * to the old one, restart the processes, then run this to re-wrap.
 */
export function keysCommand(): Command {
  const command = new Command('keys').description('Master-key operations');
  command
    .command('rotate')
    .description(
      'Re-wrap every stored secret under a new master key (the service may keep running)',
    )
    .action(async () => {
      const config = loadConfig();
      if (config.masterKey === null) {
        // Fail before touching files when the store cannot be opened.
        const probe = await createServices(config);
        await probe.close();
        const keys = rotateKeyFiles(config.masterKeyFile!);
        process.stdout.write(
          `New master key ${keys.currentKeyId} in ${config.masterKeyFile}; ${keys.previousKeyId} kept as retired.\n`,
        );
      }
      await withServices(async (services) => {
        if (config.masterKey !== null && config.previousMasterKeys.length === 0) {
          throw new AppError(
            ErrorCode.CONFIG_INVALID,
            'set ORGBRIDGE_MASTER_KEY to the new key and ORGBRIDGE_PREVIOUS_MASTER_KEYS to the old one, restart the service, then rotate',
          );
        }
        const report = await rewrapAllSecrets(services.store.db, services.vault);
        process.stdout.write(
          `Scanned ${report.scanned} secrets: ${report.rewrapped} re-wrapped under ${services.vault.currentKeyId}, ` +
            `${report.changedMeanwhile} changed meanwhile, ${report.remaining} still under older keys.\n`,
        );
        if (report.remaining > 0)
          process.stdout.write('Run it again once every process has picked up the new key.\n');
      });
    });
  return command;
}
