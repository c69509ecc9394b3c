/**
 * Child process of the probe benchmark: an emulator with one org and N access sessions (one per
 * simulated connection), printed as one JSON line; then it serves until killed.
 */
import { createSession, startEmulator } from '../../packages/salesforce-emulator/src/index.ts';

const count = Number(process.argv[2] ?? 10_000);
const running = await startEmulator();
const { emulator } = running;
const org = emulator.createOrg({
  name: 'Probe bench',
  // Far above what the run spends, and without session expiry, so every probe is a plain call.
  settings: { dailyApiRequests: 100_000_000, sessionTimeoutMs: 7 * 86_400_000 },
});
const admin = emulator.createUser(org.id, {
  username: `probe@${org.myDomain}.example`,
  profile: 'System Administrator',
});
const tokens = Array.from({ length: count }, () => createSession(emulator, org.id, admin.id));
process.stdout.write(
  `${JSON.stringify({
    instanceUrl: emulator.instanceUrl(org),
    loginUrl: running.loginUrl,
    sandboxLoginUrl: running.sandboxLoginUrl,
    orgId: org.id,
    userId: admin.id,
    tokens,
  })}\n`,
);
