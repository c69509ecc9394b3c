import type { Emulator } from '../../emulator.ts';
import type { SObjectRecord } from '../../data/sobject-table.ts';
import type { AccessSession } from '../../model/grants.ts';
import type { Org } from '../../model/org.ts';
import { soapElements, soapEnvelope } from './soap-responses.ts';

/**
 * The `loginResponse` of a successful SOAP `login()`. `serverUrl` ends in the 15-character org
 * id; jsforce keeps only its scheme and host. `passwordExpired` is true when the user must change
 * the password first (the session then works for nothing else).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login_loginresult.htm
 */
export function loginResponseXml(
  emulator: Emulator,
  org: Org,
  user: SObjectRecord,
  session: AccessSession,
  version: string,
  passwordExpired: boolean,
): string {
  const instance = emulator.instanceUrl(org);
  const org15 = org.id.slice(0, 15);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const userInfo = soapElements({
    accessibilityMode: false,
    chatterExternal: false,
    currencySymbol: '$',
    orgAttachmentFileSizeLimit: 5242880,
    orgDefaultCurrencyIsoCode: 'USD',
    orgDefaultCurrencyLocale: 'en_US',
    orgDisallowHtmlAttachments: false,
    orgHasPersonAccounts: false,
    organizationId: org.id,
    organizationMultiCurrency: false,
    organizationName: org.name,
    profileId: str(user.ProfileId),
    roleId: null,
    sessionSecondsValid: Math.floor(org.settings.sessionTimeoutMs / 1000),
    userDefaultCurrencyIsoCode: null,
    userEmail: str(user.Email),
    userFullName:
      str(user.Name) ?? [str(user.FirstName), str(user.LastName)].filter(Boolean).join(' '),
    userId: user.Id,
    userLanguage: str(user.LanguageLocaleKey) ?? 'en_US',
    userLocale: str(user.LocaleSidKey) ?? 'en_US',
    userName: String(user.Username),
    userTimeZone: str(user.TimeZoneSidKey) ?? 'America/Los_Angeles',
    userType: str(user.UserType) ?? 'Standard',
    userUiSkin: 'Theme3',
  });
  const result = soapElements({
    metadataServerUrl: `${instance}/services/Soap/m/${version}/${org15}`,
    passwordExpired,
    sandbox: org.isSandbox,
    serverUrl: `${instance}/services/Soap/u/${version}/${org15}`,
    sessionId: session.token,
    userId: user.Id,
  });
  return soapEnvelope(
    `<loginResponse><result>${result}<userInfo>${userInfo}</userInfo></result></loginResponse>`,
  );
}
