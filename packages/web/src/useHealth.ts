import { useState } from 'react';
import { api } from './api.ts';
import type { Health } from './types.ts';
import { usePolling } from './usePolling.ts';

/**
 * The health view of each listed connection. The connection view has no probe time or advice,
 * so the list reads them here: one request per connection, far less often than the list
 * itself, since probes run minutes apart.
 */
export function useHealthOf(
  ids: readonly string[],
  intervalMs: number,
): ReadonlyMap<string, Health> {
  const [byId, setById] = useState<ReadonlyMap<string, Health>>(new Map());
  usePolling(
    async (signal) => {
      const answers = await Promise.allSettled(
        ids.map((id) =>
          api<Health>(`/connections/${encodeURIComponent(id)}/health?limit=1`, { signal }),
        ),
      );
      if (signal.aborted) return;
      setById((previous) => {
        const next = new Map<string, Health>();
        ids.forEach((id, i) => {
          const answer = answers[i];
          // A failed read keeps what was known: a hiccup should not blank the column.
          if (answer?.status === 'fulfilled') next.set(id, answer.value);
          else {
            const known = previous.get(id);
            if (known !== undefined) next.set(id, known);
          }
        });
        return next;
      });
    },
    intervalMs,
    ids.join(','),
  );
  return byId;
}
