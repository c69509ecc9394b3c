import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Kysely } from 'kysely';
import type { RefreshOutcome } from '../connections/token-service.ts';
import type { Database } from '../store/database.ts';
import { MetricsRepository } from '../store/metrics-repository.ts';

const STATUSES = ['pending', 'active', 'degraded', 'needs_reauth', 'disabled'] as const;
const OUTBOX_STATES = ['pending', 'sending', 'succeeded', 'failed'] as const;
const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
const REFRESH_OUTCOMES: RefreshOutcome[] = [
  'refreshed',
  'rotated',
  'joined',
  'needs_reauth',
  'failed',
];

/**
 * The Prometheus metrics of one process (`GET /metrics`). Counters (refreshes) are this
 * process's own, so Prometheus sums them over processes; gauges are read from the shared
 * database at scrape time, so every process reports the same deployment-wide values (use
 * `max` rather than `sum` across processes in queries). No label holds anything but an id, a
 * status or an object name.
 */
export class OrgbridgeMetrics {
  readonly registry = new Registry();
  readonly #refreshes: Counter<'outcome'>;

  constructor(db: Kysely<Database>, now: () => number = Date.now) {
    const repo = new MetricsRepository(db);
    collectDefaultMetrics({ register: this.registry, prefix: 'orgbridge_' });
    this.#refreshes = new Counter({
      name: 'orgbridge_refreshes_total',
      help: 'Access-token refreshes this process asked for, by how they ended',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    // Present from the first scrape, so rate() has a zero to start from.
    for (const outcome of REFRESH_OUTCOMES) this.#refreshes.inc({ outcome }, 0);

    new Gauge({
      name: 'orgbridge_connections',
      help: 'Connections by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await repo.connectionsByStatus();
        for (const status of STATUSES) this.set({ status }, counts.get(status) ?? 0);
      },
    });
    new Gauge({
      name: 'orgbridge_queue_due',
      help: 'Background work due now and not yet picked up, by kind',
      labelNames: ['kind'],
      registers: [this.registry],
      async collect() {
        const due = await repo.dueWork(now());
        this.set({ kind: 'probe' }, due.probes);
        this.set({ kind: 'pull' }, due.pulls);
        this.set({ kind: 'push' }, due.pushConnections);
        this.set({ kind: 'webhook' }, due.webhookDeliveries);
        this.set({ kind: 'email' }, due.emails);
      },
    });
    new Gauge({
      name: 'orgbridge_outbox_writes',
      help: 'Writes to Salesforce in the outbox, by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await repo.outboxByState();
        for (const state of OUTBOX_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    });
    new Gauge({
      name: 'orgbridge_webhook_deliveries',
      help: 'Webhook deliveries by state (pending is the backlog)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await repo.webhookDeliveriesByState();
        for (const state of DELIVERY_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    });
    new Gauge({
      name: 'orgbridge_email_deliveries',
      help: 'Emails to admins by state (pending is the backlog)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await repo.emailDeliveriesByState();
        for (const state of DELIVERY_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    });
    new Gauge({
      name: 'orgbridge_sync_lag_seconds',
      help: "Seconds since a pull mapping's last completed pull (since it was created, if never)",
      labelNames: ['connection_id', 'mapping_id', 'object'],
      registers: [this.registry],
      async collect() {
        // Mappings come and go: start from an empty set each scrape.
        this.reset();
        const at = now();
        for (const lag of await repo.pullLags()) {
          this.set(
            { connection_id: lag.connectionId, mapping_id: lag.mappingId, object: lag.object },
            Math.max(0, (at - (lag.lastSuccessAt ?? lag.createdAt)) / 1000),
          );
        }
      },
    });
  }

  recordRefresh(outcome: RefreshOutcome): void {
    this.#refreshes.inc({ outcome });
  }

  /** The text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
