import { Type } from 'typebox';

/** Strings that name nothing in orgbridge: longer ids or names are mistakes or attacks. */
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });

/** Text for names, usernames, URLs and client ids: no control characters. */
export const Text = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]+$' });

/**
 * A path on orgbridge's own public URL (`/`, the connections page) to send the admin's browser to
 * after Salesforce: never another host, so no open redirect.
 */
export const ReturnTo = Type.String({ maxLength: 512, pattern: '^/(?![/\\\\])[^\\s\\\\#]*$' });

/** `:id` of `/connections/{id}/…`. */
export const ConnectionParams = Type.Object({ id: Id }, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);
const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** A connection as the API shows it (`ConnectionView`): never a secret. */
export const Connection = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  nickname: Type.String(),
  environment: Type.String(),
  loginUrl: Type.String(),
  authFlow: Type.String(),
  status: Type.String(),
  statusReason: NullableString,
  statusMessage: NullableString,
  statusDetail: Type.Union([JsonObject, Type.Null()]),
  ownApp: Type.Boolean(),
  scopes: Type.Array(Type.String()),
  identity: Type.Union([
    Type.Object({
      orgId: Type.String(),
      userId: Type.String(),
      username: NullableString,
      displayName: NullableString,
      profileName: NullableString,
      userType: NullableString,
      isSandbox: Type.Union([Type.Boolean(), Type.Null()]),
      instanceUrl: NullableString,
    }),
    Type.Null(),
  ]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  lastRefreshAt: NullableString,
});

/** An event (DESIGN §5): `{ id, type, workspaceId, connectionId, occurredAt, data }`. */
export const Event = Type.Object({
  id: Type.String(),
  type: Type.String(),
  workspaceId: Type.String(),
  connectionId: NullableString,
  occurredAt: Type.String(),
  data: JsonObject,
});

/** The working token of `GET /connections/{id}/access-token`. */
export const AccessToken = Type.Object({
  accessToken: Type.String(),
  instanceUrl: Type.String(),
  issuedAt: Type.String(),
});
