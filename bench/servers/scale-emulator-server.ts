/**
 * Child process of the scaling benchmark: an emulator with one org, a connected app that rotates
 * refresh tokens, N approvals (five per user, Salesforce's limit) and R Contacts, printed as one
 * JSON line. Then it answers one JSON line per command read from stdin:
 * `advance <ms>` moves its clock; `latency <ms>` delays every Salesforce call by that much (a
 * network round trip), 0 clears it; `status` counts the sessions issued to the approvals and the
 * approvals revoked.
 */
import { createInterface } from 'node:readline';
import {
  clearFaults,
  createApproval,
  createConnectedApp,
  injectFault,
  listGrants,
  seedRecords,
  startEmulator,
} from '../../packages/salesforce-emulator/src/index.ts';

const count = Number(process.argv[2] ?? 1000);
const records = Number(process.argv[3] ?? 4000);
const running = await startEmulator();
const { emulator } = running;
const org = emulator.createOrg({
  name: 'Scale bench',
  settings: { dailyApiRequests: 100_000_000 },
});
const app = createConnectedApp(emulator, {
  name: 'scale-bench',
  callbackUrls: ['https://orgbridge.example/oauth/callback'],
  rotateRefreshTokens: true,
});
const users = Array.from({ length: Math.ceil(count / 5) }, (_, i) =>
  emulator.createUser(org.id, {
    username: `scale.${i}@${org.myDomain}.example`,
    profile: 'System Administrator',
  }),
);
const approvals = Array.from({ length: count }, (_, i) => {
  const user = users[Math.floor(i / 5)]!;
  return { userId: user.id, ...createApproval(emulator, org.id, user.id, app.id) };
});
seedRecords(emulator, org.id, 'Contact', records);
const grantIds = new Set(approvals.map((a) => a.grantId));

process.stdout.write(
  `${JSON.stringify({
    instanceUrl: emulator.instanceUrl(org),
    loginUrl: running.loginUrl,
    sandboxLoginUrl: running.sandboxLoginUrl,
    orgId: org.id,
    clientId: app.consumerKey,
    clientSecret: app.consumerSecret,
    approvals,
  })}\n`,
);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'advance') {
    emulator.clock.advance(Number(arg));
    process.stdout.write('{}\n');
  } else if (command === 'latency') {
    clearFaults(emulator);
    if (Number(arg) > 0)
      injectFault(emulator, { kind: 'latency', latencyMs: Number(arg), pathPrefix: '/services' });
    process.stdout.write('{}\n');
  } else if (command === 'status') {
    let sessions = 0;
    for (const session of emulator.sessions.values())
      if (session.grantId !== null && grantIds.has(session.grantId)) sessions += 1;
    const revoked = listGrants(emulator, { orgId: org.id, appId: app.id }).filter(
      (g) => g.state !== 'active',
    ).length;
    process.stdout.write(`${JSON.stringify({ sessions, revoked })}\n`);
  } else {
    process.stdout.write(`${JSON.stringify({ error: `unknown command ${command}` })}\n`);
  }
}
