/**
 * Child process of the emulator-serving benchmark: starts an emulator, seeds N Accounts, measures
 * the no-HTTP baselines on the same records, then prints one JSON line and serves until killed.
 * Baselines run before any HTTP load, so the two never compete for the CPU.
 */
import { startEmulator } from '../../packages/salesforce-emulator/src/index.ts';
import { createSession, seedRecords } from '../../packages/salesforce-emulator/src/index.ts';
import { planQuery } from '../../packages/salesforce-emulator/src/soql/plan-query.ts';
import { computeAccess } from '../../packages/salesforce-emulator/src/security/access.ts';
import { csvWriter } from '../../packages/salesforce-emulator/src/bulk/csv-output.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const soql =
  process.argv[3] ?? 'SELECT Id, Name, Industry, BillingCity, SystemModstamp FROM Account';
const running = await startEmulator();
const { emulator } = running;
const org = emulator.createOrg({ name: 'Bench', settings: { dailyApiRequests: 10_000_000 } });
const admin = emulator.createUser(org.id, {
  username: `bench@${org.myDomain}.example`,
  profile: 'System Administrator',
});
seedRecords(emulator, org.id, 'Account', count);

const token = createSession(emulator, org.id, admin.id);

function timeIt(fn: () => number): { rows: number; seconds: number } {
  const started = process.hrtime.bigint();
  const rows = fn();
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const caller = { org, access: computeAccess(org, admin.id) };
// The REST baseline: plan once, render every 2,000-row page and serialize it, as the route does minus HTTP.
const restBaseline = timeIt(() => {
  const plan = planQuery(emulator, caller, soql, { includeDeleted: false });
  let rows = 0;
  for (let start = 0; start < plan.totalSize; start += 2000) {
    const page = plan.renderRows(start, Math.min(start + 2000, plan.totalSize));
    rows += page.length;
    JSON.stringify({ totalSize: plan.totalSize, done: false, records: page });
  }
  return rows;
});
// The Bulk baseline: render flat rows and write them with the results' own CSV writer, without HTTP.
const bulkBaseline = timeIt(() => {
  const plan = planQuery(emulator, caller, soql, { includeDeleted: false });
  const line = csvWriter({ columnDelimiter: 'COMMA', lineEnding: 'LF' });
  let rows = 0;
  let bytes = 0;
  for (let start = 0; start < plan.totalSize; start += 2000) {
    let text = '';
    for (const row of plan.renderFlatRows(start, Math.min(start + 2000, plan.totalSize))) {
      text += line(row);
      rows += 1;
    }
    bytes += text.length;
  }
  return bytes > 0 ? rows : 0;
});

process.stdout.write(
  `${JSON.stringify({ instanceUrl: emulator.instanceUrl(org), token, count, soql, restBaseline, bulkBaseline })}\n`,
);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
