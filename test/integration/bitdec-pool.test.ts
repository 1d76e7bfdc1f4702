// Four cores in this process over real gRPC + mTLS with a small background BitDec pool: once every pool is full,
// public and user decryptions of node-tfhe euint64 ciphertexts are served from pooled batches (the pool metrics
// say so at every core), concurrent requests all decrypt, a cluster with one party down still decrypts, and that
// party, restarted alone with an empty pool, joins its peers' batch numbering and is served from the pool again.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsClusterClient } from '../../src/client/kms-client.ts';
import { writeLocalCluster } from '../../src/client/local/layout.ts';
import { loadConfig } from '../../src/core/config/load.ts';
import { type RunningCore, startCore } from '../../src/core/main.ts';
import { createLogger } from '../../src/core/observability/logger.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');
/** 8 batches of one euint64 each: two per lane (a slow machine must not turn proposals into timeouts). */
const POOL = { capacity: 8, blocks: 32, readyTimeoutMs: 60_000, proposalTimeoutMs: 3_000 };

/** Where each core's requests took their BitDec material from (kms_bitdec_pool_allocations_total). */
async function allocations(core: RunningCore, keyId: string) {
  const metric = await core.party.options.metrics.bitDecPoolAllocations.get();
  const count = (source: string) =>
    metric.values.find((v) => v.labels.key_id === keyId && v.labels.source === source)?.value ?? 0;
  return { pool: count('pool'), inline: count('inline'), failed: count('failed') };
}

/** Whether every core's producer rests: each lane holds its share of the capacity (KeyBitDecPool.full). */
async function waitForFullPools(cores: RunningCore[], keyId: string, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pools = cores.map((core) => core.party.bitDecPoolOf(keyId));
    if (pools.every((pool) => pool?.full)) return;
    if (Date.now() > deadline)
      throw new Error(`pools not full: ${pools.map((pool) => pool?.ledger.unallocated).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('background BitDec pool across four cores (in-process, real gRPC + mTLS)', () => {
  let cores: RunningCore[] = [];
  let client: KmsClusterClient;
  let keyId: string;
  let cpk: unknown;
  let configFiles: readonly string[] = [];

  const euint64 = (value: bigint) => {
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u64(value);
    return { bytes: builder.build().safe_serialize(1n << 30n) as Uint8Array, fheType: 5 };
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-bitdec-pool-'));
    const layout = await writeLocalCluster({ parties: 4, dir, peerTimeoutMs: 2_000, logLevel: 'warn' });
    configFiles = layout.configFiles;
    cores = await Promise.all(
      layout.configFiles.map((file) => startCore({ ...loadConfig(file), pool: POOL }, createLogger('warn'))),
    );
    client = KmsClusterClient.fromFile(layout.clusterFile);
    keyId = (await client.insecureKeygen('tfhe_default')).keyId;
    cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
    await waitForFullPools(cores, keyId);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    await Promise.all(cores.map((c) => c.stop()));
  });

  it('serves decryptions from the full pool: correct plaintexts, a pool hit at every core', async () => {
    for (let i = 0; i < 3; i++) {
      const before = await Promise.all(cores.map((core) => allocations(core, keyId)));
      const value = 0xfedcba9876543210n - BigInt(i);
      const outcome = await client.publicDecrypt(keyId, [euint64(value)]);
      expect(outcome.values).toEqual([{ fheType: 5, value }]);
      expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
      const after = await Promise.all(cores.map((core) => allocations(core, keyId)));
      for (let p = 0; p < 4; p++) {
        expect(after[p].pool - before[p].pool).toBe(1);
        expect(after[p].inline).toBe(before[p].inline);
      }
      await waitForFullPools(cores, keyId);
    }
  }, 300_000);

  it('decrypts concurrent requests correctly, each core taking every request from the same source', async () => {
    const before = await Promise.all(cores.map((core) => allocations(core, keyId)));
    const values = [1n, 2n ** 63n + 5n, 123456789n, 2n ** 64n - 1n, 42n, 7n];
    const outcomes = await Promise.all(values.map((value) => client.publicDecrypt(keyId, [euint64(value)])));
    outcomes.forEach((outcome, i) => {
      expect(outcome.values).toEqual([{ fheType: 5, value: values[i] }]);
    });
    const after = await Promise.all(cores.map((core) => allocations(core, keyId)));
    const hits = after.map((a, p) => a.pool - before[p].pool);
    const misses = after.map((a, p) => a.inline - before[p].inline);
    // Up to two requests per lane fit; every core agrees on which requests were pooled.
    expect(new Set(hits).size).toBe(1);
    expect(hits[0]).toBeGreaterThan(0);
    expect(hits[0] + misses[0]).toBe(values.length);
    await waitForFullPools(cores, keyId);
  }, 300_000);

  it('serves user decryption from the same pool', async () => {
    const before = await Promise.all(cores.map((core) => allocations(core, keyId)));
    const value = 0x0123456789abcdefn;
    const outcome = await client.userDecrypt(keyId, [euint64(value)]);
    expect(outcome.values.map((v) => v.value)).toEqual([value]);
    const after = await Promise.all(cores.map((core) => allocations(core, keyId)));
    for (let p = 0; p < 4; p++) expect(after[p].pool - before[p].pool).toBe(1);
    await waitForFullPools(cores, keyId);
  }, 300_000);

  it('still decrypts with one party down', async () => {
    await cores[3].stop();
    for (const value of [99n, 2n ** 40n + 3n]) {
      const outcome = await client.publicDecrypt(keyId, [euint64(value)]);
      expect(outcome.values).toEqual([{ fheType: 5, value }]);
      expect(outcome.agreeingParties).toEqual([1, 2, 3]);
    }
  }, 300_000);

  it('a core restarted alone joins the pool again: pool hits at it after some requests', async () => {
    cores[3] = await startCore({ ...loadConfig(configFiles[3]), pool: POOL }, createLogger('warn'));
    // The peers wait `readyTimeoutMs` once for the absent core, then tell it their numbering; requests meanwhile
    // use the peers' batches (the restarted core sits those out) and make them refill up to its join point.
    let hits = 0;
    const deadline = Date.now() + 300_000;
    for (let i = 0; hits === 0 && Date.now() < deadline; i++) {
      const value = 1000n + BigInt(i);
      const outcome = await client.publicDecrypt(keyId, [euint64(value)]);
      expect(outcome.values).toEqual([{ fheType: 5, value }]);
      hits = (await allocations(cores[3], keyId)).pool;
      if (hits === 0) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(hits).toBeGreaterThan(0);
    expect(cores[3].party.bitDecPoolOf(keyId)?.joinedAt).toBeGreaterThan(0);
  }, 600_000);
});
