// Prometheus metrics of a core (`kms_*` names, after the reference KMS where they fit), served over plain HTTP
// on their own port together with a liveness endpoint.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class CoreMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'kms_operations_total',
    help: 'Client requests received, by operation',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'kms_operation_errors_total',
    help: 'Client requests that failed, by operation and gRPC code',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'kms_operation_duration_seconds',
    help: 'Duration of operations (from start to result), by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60, 600, 3600],
    registers: [this.registry],
  });
  readonly peerBytesSent = new Counter({
    name: 'kms_network_sent_bytes_total',
    help: 'Bytes sent to peers',
    registers: [this.registry],
  });
  readonly peerBytesReceived = new Counter({
    name: 'kms_network_received_bytes_total',
    help: 'Bytes received from peers',
    registers: [this.registry],
  });
  readonly activeOperations = new Gauge({
    name: 'kms_active_operations',
    help: 'Operations running, by operation',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly bitDecPoolBatches = new Gauge({
    name: 'kms_bitdec_pool_batches',
    help: 'Produced BitDec preprocessing batches not yet allocated to a request, by key',
    labelNames: ['key_id'] as const,
    registers: [this.registry],
  });
  readonly bitDecPoolAllocations = new Counter({
    name: 'kms_bitdec_pool_allocations_total',
    help: 'BitDec requests by where their preprocessing came from (pool = hit, inline = miss, failed), by key',
    labelNames: ['key_id', 'source'] as const,
    registers: [this.registry],
  });
}

/** Serves GET /metrics and GET /healthz (200 when `healthy()` is true) on host:port; resolves once listening. */
export async function serveMetrics(
  metrics: CoreMetrics,
  host: string,
  port: number,
  healthy: () => boolean,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
    } else if (req.method === 'GET' && req.url === '/healthz') {
      const ok = healthy();
      res.statusCode = ok ? 200 : 503;
      res.end(ok ? 'ok' : 'not ready');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
