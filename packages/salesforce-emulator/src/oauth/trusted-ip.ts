import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) → `10.0.0.1`. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/**
 * Whether a client address lies in one of the org's Trusted IP Ranges, from which API logins
 * need no security token. Malformed ranges are ignored rather than trusted.
 * @see https://help.salesforce.com/s/articleView?id=sf.security_networkaccess.htm
 */
export function ipInRanges(
  ip: string,
  ranges: ReadonlyArray<{ start: string; end: string }>,
): boolean {
  const address = unmapped(ip);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (family === null) return false;
  const list = new BlockList();
  for (const { start, end } of ranges) {
    const s = unmapped(start);
    const e = unmapped(end);
    const rangeFamily = isIPv4(s) && isIPv4(e) ? 'ipv4' : isIPv6(s) && isIPv6(e) ? 'ipv6' : null;
    if (rangeFamily === null) continue;
    try {
      list.addRange(s, e, rangeFamily);
    } catch {
      // start after end: Salesforce refuses to save such a range, so it trusts nothing.
    }
  }
  return list.check(address, family);
}
