import { Command } from 'commander';
import {
  addEmulatorOptions,
  runEmulatorCommand,
  type EmulatorCliOptions,
} from '@orgbridge/salesforce-emulator';

/**
 * `orgbridge emulator`: runs the Salesforce emulator with the demo org, for trying orgbridge
 * without a real org. Same options as the `salesforce-emulator` command.
 */
export function emulatorCommand(): Command {
  return addEmulatorOptions(
    new Command('emulator').description(
      'Run an emulated Salesforce (login, OAuth, REST, Bulk API 2.0) on this machine',
    ),
  ).action((options: EmulatorCliOptions) => runEmulatorCommand(options));
}
