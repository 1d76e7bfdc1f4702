import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { OperatorMetrics, startHealthServer } from './metrics.ts';

describe('health and metrics server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r) ?? r(undefined));
  });

  it('serves /metrics with kms_operator_* series and /healthz, /readyz from the probes', async () => {
    const metrics = new OperatorMetrics();
    let ready = false;
    server = await startHealthServer(metrics, { healthy: () => true, ready: () => ready }, '127.0.0.1', 0);
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    metrics.reconciles.inc({ controller: 'kmscluster', result: 'success' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('kms_operator_reconcile_total{controller="kmscluster",result="success"} 1');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
