import type { DeliverySettlement } from '../store/delivery-state.ts';

/** Deliveries are retried for this long after their event (or a manual redelivery). */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** The first retry waits this long; each next one twice as long … */
export const FIRST_RETRY_MS = 10_000;
/** … up to this. */
export const MAX_RETRY_MS = 3_600_000;

/**
 * When to try again after `attempts` failed attempts: 10 s, 20 s, 40 s, … capped at 1 hour, each
 * shortened by a random 0–25 % so that deliveries that failed together (an endpoint that was down)
 * do not all come back in the same second. Never later than `expiresAt`, so the last attempt
 * lands at the end of the window.
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  expiresAt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent);
  return Math.min(expiresAt, now + Math.round(delay * (1 - 0.25 * random())));
}

/**
 * The outcome of a failed attempt: due again by {@link nextAttemptAt}, or `failed` once the
 * window has passed.
 */
export function failedAttempt(
  attempts: number,
  now: number,
  expiresAt: number,
  error: string,
): DeliverySettlement {
  if (now >= expiresAt)
    return { state: 'failed', next_attempt_at: null, last_error: error, delivered_at: null };
  return {
    state: 'pending',
    next_attempt_at: nextAttemptAt(attempts, now, expiresAt),
    last_error: error,
    delivered_at: null,
  };
}

/** The outcome of an attempt that got through. */
export function deliveredAttempt(now: number): DeliverySettlement {
  return { state: 'delivered', next_attempt_at: null, last_error: null, delivered_at: now };
}
