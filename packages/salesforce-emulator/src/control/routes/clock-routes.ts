import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { advanceClock, readClock } from '../clock.ts';
import { invalidRequest } from '../control-error.ts';
import { optionalNumber, rejectUnknownKeys } from '../input.ts';
import { controlRoute } from './control-route.ts';

const UNITS = { ms: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** The emulated clock. */
export function registerClockRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/clock', () => readClock(emulator));
  controlRoute(scope, 'POST', '/clock/advance', ({ body }) => {
    rejectUnknownKeys(body, Object.keys(UNITS));
    let ms = 0;
    let given = false;
    for (const [unit, factor] of Object.entries(UNITS)) {
      const value = optionalNumber(body, unit, { integer: false });
      if (value === undefined) continue;
      ms += value * factor;
      given = true;
    }
    if (!given) throw invalidRequest(`name how far: ${Object.keys(UNITS).join(', ')}`);
    return advanceClock(emulator, Math.round(ms));
  });
}
