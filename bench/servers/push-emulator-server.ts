/**
 * Child of the push benchmark: an emulator whose org has Account.Orgbridge_Write_Id__c, and the
 * baseline: N Accounts created straight through the emulator's own record store, without HTTP
 * (the emulator's raw intake). Prints one JSON line, then serves until killed.
 */
import {
  addCustomField,
  createRecordAs,
  createSession,
  startEmulator,
} from '../../packages/salesforce-emulator/src/index.ts';

const count = Number(process.argv[2] ?? 20_000);
const running = await startEmulator();
const { emulator } = running;
const org = emulator.createOrg({ name: 'Push bench', settings: { dailyApiRequests: 10_000_000 } });
const admin = emulator.createUser(org.id, {
  username: `push@${org.myDomain}.example`,
  profile: 'System Administrator',
});
addCustomField(emulator, org.id, 'Account', {
  name: 'Orgbridge_Write_Id__c',
  type: 'string',
  externalId: true,
  unique: true,
});
const started = process.hrtime.bigint();
for (let i = 0; i < count; i += 1)
  createRecordAs(
    emulator,
    org.id,
    'Account',
    { Name: `Raw ${i}`, Industry: 'Energy', Orgbridge_Write_Id__c: `raw-${i}` },
    admin.id,
  );
const rawRate = count / (Number(process.hrtime.bigint() - started) / 1e9);
const token = createSession(emulator, org.id, admin.id);
process.stdout.write(
  `${JSON.stringify({ instanceUrl: emulator.instanceUrl(org), token, count, rawRate })}\n`,
);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
