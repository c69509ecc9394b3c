import { formatDateTime } from '../clock.ts';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from './control-error.ts';

/** The emulated time. */
export interface ClockState {
  /** Salesforce-formatted (`2024-05-01T12:00:00.000+0000`). */
  now: string;
  nowMs: number;
  /** How far the emulated clock runs ahead of real time. */
  offsetMs: number;
}

/** The emulated now. */
export function readClock(emulator: Emulator): ClockState {
  const nowMs = emulator.clock.now();
  return { now: formatDateTime(nowMs), nowMs, offsetMs: emulator.clock.offsetMs };
}

/**
 * Moves the emulated clock forward, so sessions, codes, passwords, refresh-token policies and
 * replication windows age without waiting. It never moves back.
 */
export function advanceClock(emulator: Emulator, ms: number): ClockState {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw invalidRequest('the clock only moves forward: ms must be a number >= 0');
  emulator.clock.advance(ms);
  return readClock(emulator);
}
