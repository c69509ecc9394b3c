import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { AccessSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The `urls` of an identity response; `{version}` stays literal, as Salesforce sends it. */
export function identityUrls(emulator: Emulator, org: Org, userId: string): Record<string, string> {
  const base = emulator.instanceUrl(org);
  const org15 = org.id.slice(0, 15);
  const data = `${base}/services/data/v{version}`;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${org15}`,
    metadata: `${base}/services/Soap/m/{version}/${org15}`,
    partner: `${base}/services/Soap/u/{version}/${org15}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${base}/services/Soap/T/{version}/${org15}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${base}/${userId}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: base,
  };
}

/**
 * A time zone's standard offset from UTC in ms (e.g. -28800000 for America/Los_Angeles), as
 * identity responses give it whatever the season: the smaller of the January and July offsets.
 */
export function standardUtcOffsetMs(timeZone: string): number {
  const offsetAt = (ms: number) => {
    try {
      const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(ms)
        .find((p) => p.type === 'timeZoneName')?.value;
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
      if (!m) return 0;
      return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
    } catch {
      return 0;
    }
  };
  const year = new Date().getUTCFullYear();
  return Math.min(offsetAt(Date.UTC(year, 0, 1)), offsetAt(Date.UTC(year, 6, 1)));
}

/** `2021-09-24T20:27:45Z` from a stored `2021-09-24T20:27:45.000+0000`. */
function isoSeconds(stamp: unknown): string | null {
  if (typeof stamp !== 'string') return null;
  const ms = Date.parse(stamp.replace(/\+0000$/, 'Z'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface UserFacts {
  username: string;
  nickName: string;
  displayName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  timezone: string;
  language: string;
  locale: string;
  userType: string;
  photos: { picture: string; thumbnail: string };
  updated: string | null;
}

function userFacts(emulator: Emulator, org: Org, user: SObjectRecord): UserFacts {
  const username = String(user.Username);
  const firstName = str(user.FirstName);
  const lastName = str(user.LastName);
  const base = emulator.instanceUrl(org);
  return {
    username,
    nickName: str(user.CommunityNickname) ?? username.split('@')[0] ?? username,
    displayName: str(user.Name) ?? [firstName, lastName].filter(Boolean).join(' '),
    email: str(user.Email),
    firstName,
    lastName,
    timezone: str(user.TimeZoneSidKey) ?? 'America/Los_Angeles',
    language: str(user.LanguageLocaleKey) ?? 'en_US',
    locale: str(user.LocaleSidKey) ?? 'en_US',
    // Identity responses spell the type in capitals: Standard → STANDARD, PowerPartner → POWER_PARTNER.
    userType: (str(user.UserType) ?? 'Standard').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
    photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
    updated: isoSeconds(user.LastModifiedDate),
  };
}

/**
 * The identity service's answer about a user, keys in Salesforce's order. `is_app_installed`
 * appears only for tokens a connected app holds.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm (Identity URLs)
 */
export function identityDocument(
  emulator: Emulator,
  org: Org,
  user: SObjectRecord,
  session: AccessSession,
): Record<string, unknown> {
  const facts = userFacts(emulator, org, user);
  const doc: Record<string, unknown> = {
    id: emulator.identityUrl(org, user.Id),
    asserted_user: session.userId === user.Id,
    user_id: user.Id,
    organization_id: org.id,
    username: facts.username,
    nick_name: facts.nickName,
    display_name: facts.displayName,
    email: facts.email,
    email_verified: true,
    first_name: facts.firstName,
    last_name: facts.lastName,
    timezone: facts.timezone,
    photos: facts.photos,
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: identityUrls(emulator, org, user.Id),
    active: user.IsActive === true,
    user_type: facts.userType,
    language: facts.language,
    locale: facts.locale,
    utcOffset: standardUtcOffsetMs(facts.timezone),
    last_modified_date: facts.updated,
  };
  if (session.appId !== null) doc.is_app_installed = true;
  return doc;
}

/**
 * The OpenID Connect UserInfo claims for the token's user.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm
 */
export function userInfoDocument(
  emulator: Emulator,
  org: Org,
  user: SObjectRecord,
  session: AccessSession,
  integrationUser: boolean,
): Record<string, unknown> {
  const facts = userFacts(emulator, org, user);
  return {
    sub: emulator.identityUrl(org, user.Id),
    user_id: user.Id,
    organization_id: org.id,
    preferred_username: facts.username,
    nickname: facts.nickName,
    name: facts.displayName,
    email: facts.email,
    email_verified: true,
    given_name: facts.firstName,
    family_name: facts.lastName,
    zoneinfo: facts.timezone,
    photos: facts.photos,
    profile: `${emulator.instanceUrl(org)}/${user.Id}`,
    picture: facts.photos.picture,
    address: { country: null },
    is_salesforce_integration_user: integrationUser,
    urls: identityUrls(emulator, org, user.Id),
    active: user.IsActive === true,
    user_type: facts.userType,
    language: facts.language,
    locale: facts.locale,
    utcOffset: standardUtcOffsetMs(facts.timezone),
    updated_at: facts.updated,
    is_app_installed: session.appId !== null,
  };
}
