import { InvalidArgumentError, Option, type Command } from 'commander';

/** Environment variable holding the control API token (the `--control-token` default). */
export const CONTROL_TOKEN_ENV = 'SALESFORCE_EMULATOR_CONTROL_TOKEN';

/** Start-up configuration of a served emulator. */
export interface EmulatorServeConfig {
  port: number;
  host: string;
  seed: 'demo' | 'none';
  /** Loaded at start when it exists, saved on SIGINT/SIGTERM and by `POST /__emulator/snapshot`. */
  snapshotFile: string | null;
  controlToken: string | null;
}

/** The options as commander hands them over. */
export interface EmulatorCliOptions {
  port: number;
  host: string;
  seed: 'demo' | 'none';
  snapshot?: string;
  controlToken?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

/**
 * Adds the emulator's options to a command, shared by `salesforce-emulator` and
 * `orgbridge emulator`.
 */
export function addEmulatorOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0 picks a free one)')
        .default(8400)
        .argParser(parsePort),
    )
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1'))
    .addOption(
      new Option('--seed <seed>', 'what to create at start')
        .choices(['demo', 'none'])
        .default('none'),
    )
    .addOption(
      new Option(
        '--snapshot <file>',
        'state file: loaded at start when it exists, saved on exit and by POST /__emulator/snapshot',
      ),
    )
    .addOption(
      new Option(
        '--control-token <token>',
        'require Authorization: Bearer <token> on the control API',
      ).env(CONTROL_TOKEN_ENV),
    );
}

/** The serve configuration from parsed options. */
export function serveConfigFrom(options: EmulatorCliOptions): EmulatorServeConfig {
  return Object.freeze({
    port: options.port,
    host: options.host,
    seed: options.seed,
    snapshotFile: options.snapshot ?? null,
    controlToken:
      options.controlToken === undefined || options.controlToken === ''
        ? null
        : options.controlToken,
  });
}
