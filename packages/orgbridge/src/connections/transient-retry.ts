import { setTimeout as sleep } from 'node:timers/promises';
import { salesforceOutcome } from '../salesforce/index.ts';

/**
 * Runs a Salesforce call again after a transient failure (network error, timeout, 5xx), up to
 * `retries` more times with exponential backoff and full jitter, so that a blip never degrades a
 * connection and a fleet of processes does not retry in lockstep. Everything else (a refused
 * grant, a spent limit, login hours) is final at once.
 */
export async function withTransientRetries<T>(
  call: () => Promise<T>,
  retries: number,
  baseMs: number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const outcome = salesforceOutcome(error);
      // Login hours and IP ranges do not change within seconds: no point asking again now.
      const retryable = outcome?.kind === 'transient' && outcome.reason !== 'login_restricted';
      if (attempt >= retries || !retryable) throw error;
      await sleep(Math.random() * baseMs * 2 ** attempt);
    }
  }
}
