import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { CoreMetrics, serveMetrics } from './metrics.ts';

describe('logger', () => {
  it('writes JSON lines and redacts secret-bearing fields', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    const log = createLogger('info', out, { party: 2 });
    log.info({ requestId: 'ab', share: [1, 2, 3], tls: { keyPem: 'PRIVATE' } }, 'stored');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(chunks.join('').trim());
    expect(line).toMatchObject({ party: 2, requestId: 'ab', msg: 'stored', share: '[redacted]' });
    expect(line.tls.keyPem).toBe('[redacted]');
    expect(chunks.join('')).not.toContain('PRIVATE');
  });
});

describe('metrics endpoint', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('serves kms_* metrics and a health endpoint that follows readiness', async () => {
    const metrics = new CoreMetrics();
    let ready = false;
    const server = await serveMetrics(metrics, '127.0.0.1', 0, () => ready);
    close = () => server.close();
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    metrics.requests.inc({ operation: 'PublicDecrypt' }, 3);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('kms_operations_total{operation="PublicDecrypt"} 3');
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
