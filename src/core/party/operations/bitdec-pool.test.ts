import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../../test/support/until.ts';
import { decryptFheUint } from '../../../fhe/math/decrypt.ts';
import { encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import {
  deriveSessionId,
  Inbox,
  InMemoryNetwork,
  type Received,
  Session,
  type SessionId,
  TEST_INBOX_LIMITS,
  type Transport,
} from '../../../mpc/net/index.ts';
import { bitDecDecrypt } from '../../../mpc/protocols/decryption/bit-dec.ts';
import {
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../../mpc/protocols/decryption/blocks.ts';
import { allocationLeader } from '../../../mpc/protocols/decryption/pool-allocation.ts';
import { dealtKeys, testSource } from '../../../mpc/protocols/decryption/testing.test-util.ts';
import { dealPrssSetups } from '../../../mpc/prss/dealer.test-util.ts';
import { createLogger } from '../../observability/logger.ts';
import { CORE_BITDEC_OPTIONS } from './bitdec-options.ts';
import {
  type BitDecPoolSettings,
  encodeBatchNumber,
  joinPoint,
  KeyBitDecPool,
  poolRejoinSessionId,
} from './bitdec-pool.ts';

const params = PARAMS_TEST_BK_SNS;
const n = 4;
const t = 1;

/** A network whose parties can restart: a restarted party gets a fresh inbox, as a new process would. */
class RestartableNetwork {
  readonly #inboxes = Array.from({ length: n + 1 }, () => new Inbox(n, TEST_INBOX_LIMITS));
  restart(party: number): void {
    this.#inboxes[party] = new Inbox(n, TEST_INBOX_LIMITS);
  }
  transport(party: number): Transport {
    const inboxes = this.#inboxes;
    return {
      partyIndex: party,
      numParties: n,
      send: (sid: SessionId, round: number, to: number, payload: Uint8Array) => {
        inboxes[to].deliver(sid, round, party, payload);
      },
      sendToAll(sid: SessionId, round: number, payload: Uint8Array) {
        for (let to = 1; to <= n; to++) if (to !== party) this.send(sid, round, to, payload);
      },
      receive: (sid: SessionId, round: number, from: number, timeoutMs: number): Promise<Received> =>
        inboxes[party].receive(sid, round, from, timeoutMs),
      closeSession: (sid: SessionId) => inboxes[party].close(sid),
    };
  }
}

function pools(
  network: Pick<InMemoryNetwork, 'transport'>,
  settings: BitDecPoolSettings,
  sources: string[][],
  setups = dealPrssSetups(n, t),
) {
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

/** Uses up a pool's batches below `below` for requests its restarted peer did not see (they reserve, then free). */
function serveWithout(pool: KeyBitDecPool, below: number): void {
  const held = pool.ledger.store.batches().filter((b) => b < below);
  expect(pool.ledger.confirmBatches('served-without-party-4', held)).toBe(true);
  pool.ledger.releaseRequest('served-without-party-4');
}

/** A request id whose allocation leader is `leader`. */
function requestLedBy(leader: number, prefix: string): string {
  for (let i = 0; ; i++) if (allocationLeader(`${prefix}-${i}`, n) === leader) return `${prefix}-${i}`;
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
        const { plaintexts, rounds } = await bitDecDecrypt(
          bitdec,
          material,
          keys.shares[i],
          [plan],
          CORE_BITDEC_OPTIONS,
        );
        session.close();
        // One batch of 4 block units is exactly what the request's BitDec takes, in 7 rounds.
        expect([material.triplesAvailable, material.bitsAvailable, rounds]).toEqual([0, 0, 7]);
        return plaintexts[0][0].value;
      }),
    );
    expect(values).toEqual([201n, 201n, 201n, 201n]);
    for (const s of sources) expect(s).toEqual(['pool']);
    // The used batch is refilled: production resumes below capacity.
    await until(() => running.every((pool) => pool.ledger.store.batches().includes(8)));
  }, 120_000);

  it('refills a lane left empty past the capacity, so that lane’s leader can propose again', async () => {
    const network = new InMemoryNetwork(n);
    const settings = { capacity: 8, blocks: 2, readyTimeoutMs: 10_000, proposalTimeoutMs: 1_000 };
    running = pools(network, settings, [[], [], [], []]);
    for (const pool of running) pool.start();
    await until(() => running.every((pool) => pool.full));
    // Lane 2's batches (1 and 5) go to a request at every party: 6 left, none of them lane 2's.
    for (const pool of running) {
      expect(pool.ledger.confirmBatches('lane-2-request', [1, 5])).toBe(true);
      pool.ledger.releaseRequest('lane-2-request');
      expect(pool.full).toBe(false);
    }
    await until(() => running.every((pool) => pool.full && pool.ledger.store.batches().includes(13)));
    for (const pool of running) {
      // 8, 9 bring the count back to 8 with lane 2 still short; 10…13 follow, 13 being lane 2's second batch.
      expect(pool.ledger.store.batches()).toEqual([0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
      for (let lane = 1; lane <= n; lane++)
        expect(pool.ledger.unallocatedInLane(lane)).toBeGreaterThanOrEqual(2);
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const pool of running) expect(pool.ledger.store.batches()).not.toContain(14);
  }, 120_000);

  async function decryptAll(
    transports: Pick<InMemoryNetwork, 'transport'>,
    requestId: string,
  ): Promise<bigint[]> {
    return Promise.all(
      running.map(async (pool, i) => {
        const session = new Session(transports.transport(i + 1), deriveSessionId(requestId, 'decrypt'), {
          threshold: t,
          timeoutMs: 2_000,
        });
        const bitdec = session.child('bitdec');
        const material = await pool.materialFor(bitdec, pool.options.prss, requestId, 'bitdec', [plan]);
        const { plaintexts } = await bitDecDecrypt(
          bitdec,
          material,
          keys.shares[i],
          [plan],
          CORE_BITDEC_OPTIONS,
        );
        expect([material.triplesAvailable, material.bitsAvailable]).toEqual([0, 0]);
        session.close();
        return plaintexts[0][0].value;
      }),
    );
  }

  it('the join point: (t + 1)-th highest of 2t + 1 announcements, plus n', () => {
    expect(joinPoint([10, 10], n, t)).toBeUndefined();
    expect(joinPoint([10, 10, 2 ** 40], n, t)).toBe(14);
    // One corrupt announcement can neither drag the party ahead nor hold it back.
    expect(joinPoint([0, 10, 10], n, t)).toBe(14);
    expect(joinPoint([9, 10, 2 ** 40], n, t)).toBe(14);
  });

  it('a party restarted alone joins its peers’ batch numbering and serves pooled requests again', async () => {
    const network = new RestartableNetwork();
    const sources: string[][] = [[], [], [], []];
    const settings = { capacity: 8, blocks: 4, readyTimeoutMs: 300, proposalTimeoutMs: 1_000 };
    const setups = dealPrssSetups(n, t);
    running = pools(network, settings, sources, setups);
    for (const pool of running) pool.start();
    await until(() => running.every((pool) => pool.ledger.unallocated === 8));
    for (const pool of running) expect(pool.ledger.store.batches()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // Party 4 restarts: empty pool, fresh inbox. Party 1 (here playing corrupt) first tells it an absurd number.
    await running[3].stop();
    network.restart(4);
    network.transport(1).send(poolRejoinSessionId('key-1'), 1, 4, encodeBatchNumber(2 ** 40));
    const restarted = pools(network, settings, sources, setups)[3];
    running[3] = restarted;
    restarted.start();
    // Requests served by parties 1–3 meanwhile use up batches 0..7; the peers go on with 8, 9, … without it.
    for (const pool of running.slice(0, 3)) serveWithout(pool, 8);

    // Parties 2 and 3 announce 9 after batch 8 (party 1's slot holds the absurd number): join at 9 + n.
    await until(() => restarted.joinedAt > 0);
    expect(restarted.joinedAt).toBe(13);
    await until(() => running.every((pool) => pool.ledger.store.batches().includes(15)));
    for (const pool of running.slice(0, 3))
      expect(pool.ledger.store.batches()).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(restarted.ledger.store.batches()).toEqual([13, 14, 15]);
    // It never confirms a batch below its join point (one it may have confirmed before, or does not hold).
    expect(restarted.ledger.confirmBatches('probe', [12])).toBe(false);
    expect(restarted.ledger.confirmBatches('probe', [7])).toBe(false);

    // The batches before the join point go to requests it did not see; the next requests use lanes 2 and 3.
    for (const pool of running.slice(0, 3)) serveWithout(pool, 13);
    for (const leader of [2, 3]) {
      const requestId = requestLedBy(leader, 'after-restart');
      expect(await decryptAll(network, requestId)).toEqual([201n, 201n, 201n, 201n]);
      for (const s of sources) expect(s.at(-1)).toBe('pool');
      const batch = leader === 2 ? 13 : 14;
      expect(running.every((pool) => pool.ledger.store.has(leader === 2 ? 14 : 15))).toBe(true);
      // Every party took the same batch of the leader's lane.
      for (const pool of running) expect(pool.ledger.store.has(batch)).toBe(false);
    }
  }, 180_000);

  it('a corrupt party announcing an absurd batch number does not move parties in step', async () => {
    const network = new InMemoryNetwork(n);
    const sources: string[][] = [[], [], [], []];
    const settings = { capacity: 4, blocks: 4, readyTimeoutMs: 10_000, proposalTimeoutMs: 1_000 };
    running = pools(network, settings, sources);
    network.transport(4).sendToAll(poolRejoinSessionId('key-1'), 1, encodeBatchNumber(2 ** 40));
    for (const pool of running) pool.start();
    await until(() => running.every((pool) => pool.ledger.unallocated === 4));
    for (const pool of running) {
      expect(pool.ledger.store.batches()).toEqual([0, 1, 2, 3]);
      expect(pool.joinedAt).toBe(0);
    }
    const requestId = requestLedBy(2, 'in-step');
    expect(await decryptAll(network, requestId)).toEqual([201n, 201n, 201n, 201n]);
    for (const s of sources) expect(s).toEqual(['pool']);
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

  it('stops promptly when stopped while it lets requests go first (no batch is started afterwards)', async () => {
    const network = new InMemoryNetwork(n);
    const settings = { capacity: 2, blocks: 4, readyTimeoutMs: 60_000, proposalTimeoutMs: 500 };
    // Always busy with requests: production sits in its yield before batch 0; no peer ever gets ready.
    const pool = new KeyBitDecPool({
      keyId: 'key-1',
      transport: network.transport(1),
      threshold: t,
      peerTimeoutMs: 60_000,
      prss: dealPrssSetups(n, t)[0],
      degree: 4,
      settings,
      logger: createLogger('silent'),
      quietFor: () => 0,
    });
    pool.start();
    await new Promise((r) => setTimeout(r, 100));
    const start = performance.now();
    await pool.stop();
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(pool.ledger.unallocated).toBe(0);
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
        // Inline material is the request's exact cost too: 47 triples + 64 bits per block.
        expect([material.triplesAvailable, material.bitsAvailable]).toEqual([
          47 * plan.count,
          64 * plan.count,
        ]);
        const { plaintexts } = await bitDecDecrypt(
          session,
          material,
          keys.shares[i],
          [plan],
          CORE_BITDEC_OPTIONS,
        );
        session.close();
        return plaintexts[0][0].value;
      }),
    );
    expect(values).toEqual([201n, 201n, 201n, 201n]);
    for (const s of sources) expect(s).toEqual(['inline']);
    for (const pool of disabled) expect(pool.ledger.store.batches()).toEqual([]);
  });
});
