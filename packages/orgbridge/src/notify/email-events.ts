import type { EventType } from '../domain/event-type.ts';

/**
 * The events a workspace's admins are emailed about: each needs a person to act (re-authorize,
 * change a password, grant a permission, watch the API budget).
 */
export const EMAIL_EVENT_TYPES: readonly EventType[] = [
  'connection.needs_reauth',
  'password.expiring',
  'permissions.missing',
  'api_limit.warning',
];

export const isEmailEvent = (type: string): boolean =>
  (EMAIL_EVENT_TYPES as readonly string[]).includes(type);
