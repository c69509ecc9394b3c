/** Child of the pull benchmark: one pull, no baseline; prints `{ records, peakMb }`. */
import { pullOnce, type ServerInfo } from '../pull.ts';

const { info, url, filter } = JSON.parse(process.argv[2]!) as {
  info: ServerInfo;
  url: string;
  filter: string | null;
};
const outcome = await pullOnce(info, url, filter, { baseline: false });
process.stdout.write(
  `${JSON.stringify({ records: outcome.records, peakMb: outcome.peakMb })}\n`,
  () =>
    // The PostgreSQL test helper keeps a pool open after the store is closed; the figure is out.
    process.exit(0),
);
