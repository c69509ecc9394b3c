import { existsSync } from 'node:fs';
import { Emulator } from '../emulator.ts';
import { startEmulator, type RunningEmulator } from '../index.ts';
import { seedDemo, type DemoSeed } from '../seed/demo.ts';
import { loadSnapshot } from '../snapshot/load-snapshot.ts';
import { saveSnapshot } from '../snapshot/save-snapshot.ts';
import { startBanner } from './banner.ts';
import {
  serveConfigFrom,
  type EmulatorCliOptions,
  type EmulatorServeConfig,
} from './cli-options.ts';

/** A served emulator; `stop()` saves the snapshot (when configured) and closes the server. */
export interface ServedEmulator {
  running: RunningEmulator;
  /** The demo seed when `--seed demo` was applied (not when state came from a snapshot). */
  demo: DemoSeed | null;
  /** Whether the state came from the snapshot file. */
  loadedSnapshot: boolean;
  stop(): Promise<void>;
}

/**
 * Starts an emulator as the CLIs do: loads the snapshot file when it exists (else applies the
 * seed), listens, and prints where everything is.
 */
export async function serveEmulator(
  config: EmulatorServeConfig,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<ServedEmulator> {
  const emulator = new Emulator();
  emulator.control.token = config.controlToken;
  emulator.control.snapshotFile = config.snapshotFile;
  const loadedSnapshot = config.snapshotFile !== null && existsSync(config.snapshotFile);
  if (loadedSnapshot) await loadSnapshot(config.snapshotFile!, emulator);
  const demo = !loadedSnapshot && config.seed === 'demo' ? seedDemo(emulator) : null;
  const running = await startEmulator({ emulator, port: config.port, host: config.host });
  print(startBanner(emulator, { demo, loadedSnapshot, config }));
  let stopping: Promise<void> | null = null;
  return {
    running,
    demo,
    loadedSnapshot,
    stop() {
      stopping ??= (async () => {
        try {
          if (config.snapshotFile !== null) {
            const info = await saveSnapshot(emulator, config.snapshotFile);
            print(`Saved ${info.records} records of ${info.orgs} orgs to ${info.file}\n`);
          }
        } finally {
          await running.close();
        }
      })();
      return stopping;
    },
  };
}

/**
 * The action of `salesforce-emulator` and `orgbridge emulator`: serve until SIGINT or SIGTERM,
 * then save the snapshot (when configured), close, and exit 0 (1 when saving failed).
 */
export async function runEmulatorCommand(options: EmulatorCliOptions): Promise<void> {
  let served: ServedEmulator;
  try {
    served = await serveEmulator(serveConfigFrom(options));
  } catch (error) {
    // A taken port or an unreadable snapshot: say so in one line, not with a stack trace.
    process.stderr.write(
      `salesforce-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const onSignal = (signal: NodeJS.Signals) => {
    process.stdout.write(`\n${signal}: stopping the emulator\n`);
    served.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `salesforce-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
