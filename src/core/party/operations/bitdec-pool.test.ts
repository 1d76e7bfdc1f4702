import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decryptFheUint } from '../../../fhe/math/decrypt.ts';
import { encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../../../mpc/net/index.ts';
import { bitDecDecrypt } from '../../../mpc/protocols/decryption/bit-dec.ts';
import {
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../../mpc/protocols/decryption/blocks.ts';
import { dealtKeys, testSource } from '../../../mpc/protocols/decryption/testing.test-util.ts';
import { dealPrssSetups } from '../../../mpc/prss/dealer.test-util.ts';
import { createLogger } from '../../observability/logger.ts';
import { type BitDecPoolSettings, KeyBitDecPool } from './bitdec-pool.ts';

const params = PARAMS_TEST_BK_SNS;
const n = 4;
const t = 1;

function pools(network: InMemoryNetwork, settings: BitDecPoolSettings, sources: string[][]) {
  const setups = dealPrssSetups(n, t);
  return setups.map(
    (prss, i) =>
      new KeyBitDecPool({
        keyId: 'key-1',
        transport: network.transport(i + 1),
        threshold: t,
        peerTimeoutMs: 1_000,
        prss,
        degree: 4,
        settings,
        logger: createLogger('silent'),
        observer: { fill: () => {}, allocation: (_, source) => sources[i].push(source) },
      }),
  );
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('KeyBitDecPool: background production and per-request material (4 parties)', () => {
  let running: KeyBitDecPool[] = [];
  let keys: ReturnType<typeof dealtKeys>;
  let plan: DecryptionPlan;

  beforeAll(() => {
    keys = dealtKeys(params, n, t);
    const ct = encryptFheUint(201n, 8, keys.secret.glweKey.data, params.compute, testSource(43));
    expect(decryptFheUint(ct, keys.secret.glweKey.data)).toBe(201n);
    plan = planDecryption(parseCiphertext(writeObject('FheUint', ct)), params);
  });

  afterEach(async () => {
    await Promise.all(running.map((pool) => pool.stop()));
    running = [];
  });

  it('fills every party with the same batches up to capacity, and a request decrypts from them', async () => {
    const network = new InMemoryNetwork(n);
    const sources: string[][] = [[], [], [], []];
    const settings = { capacity: 8, blocks: 4, readyTimeoutMs: 10_000, proposalTimeoutMs: 1_000 };
    running = pools(network, settings, sources);
    for (const pool of running) pool.start();
    await until(() => running.every((pool) => pool.ledger.unallocated === 8));
    await new Promise((r) => setTimeout(r, 100));
    for (const pool of running) expect(pool.ledger.store.batches()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const requestId = 'request-1';
    const setups = running.map((pool) => pool.options.prss);
    const values = await Promise.all(
      running.map(async (pool, i) => {
        const session = new Session(network.transport(i + 1), deriveSessionId(requestId, 'decrypt'), {
          threshold: t,
          timeoutMs: 2_000,
        });
        const bitdec = session.child('bitdec');
        const material = await pool.materialFor(bitdec, setups[i], requestId, 'bitdec', [plan]);
        const { plaintexts } = await bitDecDecrypt(bitdec, material, keys.shares[i], [plan]);
        session.close();
        return plaintexts[0][0].value;
      }),
    );
    expect(values).toEqual([201n, 201n, 201n, 201n]);
    for (const s of sources) expect(s).toEqual(['pool']);
    // The used batch is refilled: production resumes below capacity.
    await until(() => running.every((pool) => pool.ledger.store.batches().includes(8)));
  }, 120_000);

  it('keeps producing with one party silent', async () => {
    const network = new InMemoryNetwork(n);
    network.silence(4);
    const sources: string[][] = [[], [], [], []];
    const settings = { capacity: 2, blocks: 4, readyTimeoutMs: 300, proposalTimeoutMs: 500 };
    running = pools(network, settings, sources).slice(0, 3);
    for (const pool of running) pool.start();
    await until(() => running.every((pool) => pool.ledger.unallocated === 2));
    for (const pool of running) expect(pool.ledger.store.batches()).toEqual([0, 1]);
  }, 120_000);

  it('stops promptly while a batch waits for a lagging peer', async () => {
    const network = new InMemoryNetwork(n);
    const sources: string[][] = [[], [], [], []];
    const settings = { capacity: 2, blocks: 4, readyTimeoutMs: 60_000, proposalTimeoutMs: 500 };
    const all = pools(network, settings, sources);
    all[0].start(); // the others never start: batch 0 waits in its first round
    await new Promise((r) => setTimeout(r, 100));
    const start = performance.now();
    await all[0].stop();
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(all[0].ledger.unallocated).toBe(0);
  });

  it('with capacity 0 makes the material inline, with no allocation rounds', async () => {
    const network = new InMemoryNetwork(n);
    const sources: string[][] = [[], [], [], []];
    const disabled = pools(
      network,
      { capacity: 0, blocks: 4, readyTimeoutMs: 1, proposalTimeoutMs: 1 },
      sources,
    );
    const values = await Promise.all(
      disabled.map(async (pool, i) => {
        pool.start();
        const session = new Session(network.transport(i + 1), deriveSessionId('inline-1', 'decrypt'), {
          threshold: t,
          timeoutMs: 2_000,
        });
        const material = await pool.materialFor(session, pool.options.prss, 'inline-1', 'bitdec', [plan]);
        const { plaintexts } = await bitDecDecrypt(session, material, keys.shares[i], [plan]);
        session.close();
        return plaintexts[0][0].value;
      }),
    );
    expect(values).toEqual([201n, 201n, 201n, 201n]);
    for (const s of sources) expect(s).toEqual(['inline']);
    for (const pool of disabled) expect(pool.ledger.store.batches()).toEqual([]);
  });
});
