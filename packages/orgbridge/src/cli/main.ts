#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator.ts';
import { connectionsCommand } from './connections.ts';
import { keysCommand } from './keys.ts';
import { serveCommand } from './serve.ts';
import { syncCommand } from './sync.ts';
import { workspacesCommand } from './workspaces.ts';

const program = new Command('orgbridge')
  .description('Keep software connected to Salesforce: connect, keep alive, heal, verify, sync')
  .addCommand(serveCommand())
  .addCommand(workspacesCommand())
  .addCommand(connectionsCommand())
  .addCommand(syncCommand())
  .addCommand(keysCommand())
  .addCommand(emulatorCommand());

await program.parseAsync(process.argv);
