// Operator metrics (prom-client, kms_operator_* names) and the HTTP server for /metrics, /healthz and /readyz.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'kms_operator_reconcile_total',
    help: 'Reconcile passes by controller and result',
    labelNames: ['controller', 'result'] as const,
    registers: [this.registry],
  });
  readonly reconcileSeconds = new Histogram({
    name: 'kms_operator_reconcile_duration_seconds',
    help: 'Duration of reconcile passes',
    labelNames: ['controller'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'kms_operator_queue_depth',
    help: 'Keys waiting in the work queue',
    labelNames: ['controller'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'kms_operator_leader',
    help: '1 while this instance holds the leader Lease',
    registers: [this.registry],
  });
  readonly informerRestarts = new Gauge({
    name: 'kms_operator_informer_restarts',
    help: 'Informer restarts after errors',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });
}

export interface HealthProbes {
  /** Process alive and its loops not wedged. */
  healthy: () => boolean;
  /** Leader with synced informers (or standing by as a healthy follower when `readyWhenFollower`). */
  ready: () => boolean;
}

/** Serves /metrics, /healthz and /readyz on host:port; resolves once listening. */
export async function startHealthServer(
  metrics: OperatorMetrics,
  probes: HealthProbes,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? probes.healthy() : probes.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
      res.end(ok ? 'ok\n' : 'not ready\n');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
