import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { saveSnapshot } from '../../snapshot/save-snapshot.ts';
import { invalidRequest } from '../control-error.ts';
import { rejectUnknownKeys } from '../input.ts';
import { controlRoute } from './control-route.ts';

/**
 * Saving a snapshot. Only to the file configured at start (`--snapshot`): the control API never
 * writes where a request says.
 */
export function registerSnapshotRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'POST', '/snapshot', async ({ body }) => {
    rejectUnknownKeys(body, []);
    const file = emulator.control.snapshotFile;
    if (file === null)
      throw invalidRequest('no snapshot file configured (start with --snapshot FILE)');
    return saveSnapshot(emulator, file);
  });
}
