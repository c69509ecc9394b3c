/** Event types, the public contract of DESIGN §5. */
export const EVENT_TYPES = [
  'connection.created',
  'connection.reauthorized',
  'connection.needs_reauth',
  'connection.degraded',
  'connection.restored',
  'connection.disabled',
  'connection.enabled',
  'connection.deleted',
  'permissions.missing',
  'permissions.restored',
  'password.expiring',
  'api_limit.warning',
  'sync.completed',
  'sync.failed',
  'write.failed',
  'write.conflict',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
