#!/usr/bin/env node
import { Command } from 'commander';
import { addEmulatorOptions, type EmulatorCliOptions } from './control/cli-options.ts';
import { runEmulatorCommand } from './control/serve-emulator.ts';

const program = addEmulatorOptions(
  new Command('salesforce-emulator').description(
    'An emulated Salesforce (OAuth, identity, SOAP login, REST, Bulk API 2.0) for tests and demos',
  ),
).action((options: EmulatorCliOptions) => runEmulatorCommand(options));

await program.parseAsync(process.argv);
