#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator.ts';
import { serveCommand } from './serve.ts';

const program = new Command('orgbridge')
  .description('Keep software connected to Salesforce: connect, keep alive, heal, verify, sync')
  .addCommand(serveCommand())
  .addCommand(emulatorCommand());

await program.parseAsync(process.argv);
