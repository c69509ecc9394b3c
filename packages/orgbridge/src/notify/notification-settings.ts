import type { ConnectionsContext } from '../connections/connections-context.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { createRepositories } from '../store/repositories.ts';

/** A workspace's notification settings, as the API shows them. */
export interface NotificationSettings {
  /** Who is emailed about the workspace's connections (needs_reauth, password, permissions, API limit). */
  adminEmails: string[];
  /** ISO 8601; null while never set. */
  updatedAt: string | null;
}

export const MAX_ADMIN_EMAILS = 20;

// Deliberately plain: one @, no spaces, quotes, angle brackets or commas, so an address can
// never smuggle a second recipient or a header into a message.
const EMAIL = /^[^\s@<>(),;:"\\[\]]{1,64}@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;

/** Checks and normalizes admin addresses (trimmed, de-duplicated ignoring case). */
export function parseAdminEmails(emails: readonly string[]): string[] {
  if (emails.length > MAX_ADMIN_EMAILS)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `adminEmails holds at most ${MAX_ADMIN_EMAILS} addresses`,
      { details: { field: 'adminEmails' } },
    );
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of emails) {
    const email = raw.trim();
    if (email.length > 254 || !EMAIL.test(email))
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `"${email.slice(0, 100)}" is not an email address`,
        {
          details: { field: 'adminEmails' },
        },
      );
    if (seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    result.push(email);
  }
  return result;
}

export async function getNotificationSettings(
  ctx: Pick<ConnectionsContext, 'db'>,
  workspaceId: string,
): Promise<NotificationSettings> {
  const row = await createRepositories(ctx.db).notificationSettings.find(workspaceId);
  return row
    ? {
        adminEmails: JSON.parse(row.admin_emails) as string[],
        updatedAt: new Date(row.updated_at).toISOString(),
      }
    : { adminEmails: [], updatedAt: null };
}

/**
 * Replaces the workspace's admin addresses. Events from now on are emailed to them; emails
 * already queued keep the addresses they were queued for. Fails with `VALIDATION_FAILED`.
 */
export async function putNotificationSettings(
  ctx: Pick<ConnectionsContext, 'db' | 'now'>,
  workspaceId: string,
  input: { adminEmails: readonly string[] },
): Promise<NotificationSettings> {
  const adminEmails = parseAdminEmails(input.adminEmails);
  const now = ctx.now();
  await createRepositories(ctx.db).notificationSettings.put({
    workspace_id: workspaceId,
    admin_emails: JSON.stringify(adminEmails),
    updated_at: now,
  });
  return { adminEmails, updatedAt: new Date(now).toISOString() };
}
