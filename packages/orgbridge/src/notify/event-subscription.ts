import { EVENT_TYPES, type EventType } from '../domain/event-type.ts';
import { AppError, ErrorCode } from '../errors.ts';

/** Subscribes to every event type, present and future. */
export const ALL_EVENTS = '*';

/** What a webhook subscribes to: event types, or `['*']`. */
export type EventSubscription = EventType[] | [typeof ALL_EVENTS];

/**
 * Checks a subscription list: `["*"]` alone, or known event types without repeats. Fails with
 * `VALIDATION_FAILED` naming the first unknown type.
 */
export function parseSubscription(events: readonly string[]): EventSubscription {
  if (events.length === 0)
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'events must name at least one event type', {
      details: { field: 'events' },
    });
  if (events.includes(ALL_EVENTS)) {
    if (events.length > 1)
      throw new AppError(ErrorCode.VALIDATION_FAILED, '"*" stands alone in events', {
        details: { field: 'events' },
      });
    return [ALL_EVENTS];
  }
  const unknown = events.find((e) => !(EVENT_TYPES as readonly string[]).includes(e));
  if (unknown !== undefined)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `unknown event type "${unknown}"; known: ${EVENT_TYPES.join(', ')} or "*"`,
      { details: { field: 'events' } },
    );
  if (new Set(events).size !== events.length)
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'events must not repeat a type', {
      details: { field: 'events' },
    });
  return [...events] as EventType[];
}

/** Whether a subscription (as stored, JSON) covers an event type. */
export function subscribes(storedEvents: string, type: string): boolean {
  const events = JSON.parse(storedEvents) as string[];
  return events.includes(ALL_EVENTS) || events.includes(type);
}
