import type { Kysely } from 'kysely';
import { ApiKeyRepository } from './api-key-repository.ts';
import { ConnectSessionRepository } from './connect-session-repository.ts';
import { ConnectionGrantRepository } from './connection-grant-repository.ts';
import { ConnectionRepository } from './connection-repository.ts';
import type { Database } from './database.ts';
import { EventRepository } from './event-repository.ts';
import { OutboxRepository } from './outbox-repository.ts';
import { HealthCheckRepository } from './health-check-repository.ts';
import { RequirementProfileRepository } from './requirement-profile-repository.ts';
import { SyncRepository } from './sync-repository.ts';
import { WorkspaceRepository } from './workspace-repository.ts';
import { WebhookRepository } from './webhook-repository.ts';
import { WebhookDeliveryRepository } from './webhook-delivery-repository.ts';
import { EmailDeliveryRepository } from './email-delivery-repository.ts';
import { NotificationSettingRepository } from './notification-setting-repository.ts';

/** Every repository over one database handle (the pool, or a transaction). */
export interface Repositories {
  workspaces: WorkspaceRepository;
  apiKeys: ApiKeyRepository;
  connections: ConnectionRepository;
  grants: ConnectionGrantRepository;
  connectSessions: ConnectSessionRepository;
  events: EventRepository;
  healthChecks: HealthCheckRepository;
  requirementProfiles: RequirementProfileRepository;
  sync: SyncRepository;
  outbox: OutboxRepository;
  webhooks: WebhookRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  emailDeliveries: EmailDeliveryRepository;
  notificationSettings: NotificationSettingRepository;
}

export function createRepositories(db: Kysely<Database>): Repositories {
  return {
    workspaces: new WorkspaceRepository(db),
    apiKeys: new ApiKeyRepository(db),
    connections: new ConnectionRepository(db),
    grants: new ConnectionGrantRepository(db),
    connectSessions: new ConnectSessionRepository(db),
    events: new EventRepository(db),
    healthChecks: new HealthCheckRepository(db),
    requirementProfiles: new RequirementProfileRepository(db),
    sync: new SyncRepository(db),
    outbox: new OutboxRepository(db),
    webhooks: new WebhookRepository(db),
    webhookDeliveries: new WebhookDeliveryRepository(db),
    emailDeliveries: new EmailDeliveryRepository(db),
    notificationSettings: new NotificationSettingRepository(db),
  };
}

/**
 * Runs `fn` in one database transaction with repositories bound to it: all of its writes land
 * together or not at all (a grant, the connection that points at it, and their events).
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (repos: Repositories) => Promise<T>,
): Promise<T> {
  return db.transaction().execute((trx) => fn(createRepositories(trx)));
}
