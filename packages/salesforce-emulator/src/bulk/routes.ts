import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';

/** Placeholder until this area is built. */
export function registerBulkRoutes(_app: FastifyInstance, _emulator: Emulator): void {}
