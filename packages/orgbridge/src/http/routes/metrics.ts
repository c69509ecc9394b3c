import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../../errors.ts';
import type { OrgbridgeMetrics } from '../../metrics/metrics.ts';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` (outside `/api/v1`): Prometheus text. Open unless a metrics token is
 * configured, then `Authorization: Bearer <token>`; API keys do not open it.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: OrgbridgeMetrics,
  token: string | null,
): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== null) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!match || !sameToken(match[1]!, token))
        throw new AppError(ErrorCode.UNAUTHENTICATED, 'send the metrics token as a Bearer token');
    }
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}
