import { statusLabel } from './format.ts';

const KNOWN = new Set(['active', 'degraded', 'needs_reauth', 'disabled', 'pending']);

/** The status in words (never colour alone), coloured by a class per status. */
export function StatusBadge({ status }: { status: string }) {
  const tone = KNOWN.has(status) ? status : 'unknown';
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
