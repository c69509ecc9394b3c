import { loadConfig } from '../config.ts';
import { isAppError } from '../errors.ts';
import { createServices, type Services } from '../services.ts';

/**
 * Runs one CLI command against the same services the HTTP API uses: opens them from the
 * environment's configuration, closes them afterwards, and turns an AppError into one line on
 * stderr (`CODE: message`) and exit status 1.
 */
export async function withServices(run: (services: Services) => Promise<void>): Promise<void> {
  let services: Services | null = null;
  try {
    services = await createServices(loadConfig());
    await run(services);
  } catch (error) {
    process.stderr.write(
      isAppError(error) ? `${error.code}: ${error.message}\n` : `orgbridge: ${String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    await services?.close();
  }
}

/** Prints a value as JSON (`--json`) or as aligned `key  value` lines for people. */
export function printResult(value: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, inner] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, inner);
    } else {
      lines.push(`${prefix.padEnd(24)} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    }
  };
  walk('', value);
  process.stdout.write(`${lines.join('\n')}\n`);
}
