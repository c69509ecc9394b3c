import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';

/** Placeholder until this area is built. */
export function registerQueryRoutes(_app: FastifyInstance, _emulator: Emulator): void {}
