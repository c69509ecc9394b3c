import { relativeTime } from './format.ts';

/** "3 min ago", with the exact ISO time in the title (hover) and in `datetime`. */
export function RelativeTime({ iso, empty = 'never' }: { iso: string | null; empty?: string }) {
  if (iso === null) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {relativeTime(iso)}
    </time>
  );
}
