import { Type } from 'typebox';
import {
  getNotificationSettings,
  MAX_ADMIN_EMAILS,
  putNotificationSettings,
} from '../../notify/notification-settings.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { Text } from '../schemas.ts';

const Settings = Type.Object({
  adminEmails: Type.Array(Type.String()),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const PutSettingsBody = Type.Object(
  { adminEmails: Type.Array(Text(254), { maxItems: MAX_ADMIN_EMAILS }) },
  { additionalProperties: false },
);

/** `GET` and `PUT /notification-settings`: who in the workspace is emailed. */
export function registerNotificationSettingsRoutes(
  api: ApiInstance,
  services: ConnectionServices,
): void {
  const ctx = services.connections;
  api.get(
    '/notification-settings',
    {
      schema: {
        summary: "The workspace's admin email addresses",
        response: { 200: Settings },
      },
    },
    async (request) => getNotificationSettings(ctx, requireWorkspace(request.principal!)),
  );
  api.put(
    '/notification-settings',
    {
      schema: {
        summary:
          'Set the addresses emailed about needs_reauth, expiring passwords, missing permissions and API limits',
        body: PutSettingsBody,
        response: { 200: Settings },
      },
    },
    async (request) =>
      putNotificationSettings(ctx, requireWorkspace(request.principal!), request.body),
  );
}
