import { useRef, useState } from 'react';
import { api, messageOf } from './api.ts';
import { eventLabel, eventSummary } from './format.ts';
import { RelativeTime } from './RelativeTime.tsx';
import type { EventPage, OrgEvent } from './types.ts';
import { usePolling } from './usePolling.ts';

const POLL_MS = 2_000;
const PAGE = 1000;
/** Pages read on the first load; a connection with more history shows its newest events. */
const MAX_PAGES = 20;
const KEEP = 200;

/**
 * The API lists events oldest first and resumes from a cursor, so the timeline reads to the end
 * once, then asks only for what came after, and shows the newest first.
 */
export function EventTimeline({ connectionId }: { connectionId: string }) {
  const [events, setEvents] = useState<OrgEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);

  usePolling(
    async (signal) => {
      try {
        const fresh: OrgEvent[] = [];
        // Committed only once every page arrived, so a failure mid-way loses nothing.
        let after = cursor.current;
        for (let page = 0; page < MAX_PAGES; page++) {
          const query = new URLSearchParams({ connectionId, limit: String(PAGE) });
          if (after !== null) query.set('after', after);
          const body = await api<EventPage>(`/events?${query.toString()}`, { signal });
          fresh.push(...body.events);
          if (body.nextCursor !== null) after = body.nextCursor;
          if (body.events.length < PAGE) break;
        }
        cursor.current = after;
        setEvents((known) => [...fresh.reverse(), ...(known ?? [])].slice(0, KEEP));
        setError(null);
      } catch (e) {
        if (signal.aborted) throw e;
        setError(messageOf(e));
      }
    },
    POLL_MS,
    connectionId,
  );

  return (
    <section aria-labelledby="events-heading" className="card">
      <h3 id="events-heading">Events</h3>
      {error !== null && <p className="muted">Could not load the events: {error}</p>}
      {events === null ? (
        error === null && <p className="muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => {
            const summary = eventSummary(e);
            return (
              <li key={e.id} data-event-type={e.type}>
                <span className="event-type">{eventLabel(e.type)}</span>{' '}
                <RelativeTime iso={e.occurredAt} />
                {summary !== '' && <span className="sub">{summary}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
