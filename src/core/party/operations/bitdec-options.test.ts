import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../../test/support/until.ts';
import { decryptFheUint } from '../../../fhe/math/decrypt.ts';
import { encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import {
  childSessionId,
  deriveSessionId,
  InMemoryNetwork,
  type SessionId,
  type Transport,
} from '../../../mpc/net/index.ts';
import { bitDecCost } from '../../../mpc/protocols/decryption/bit-dec.ts';
import {
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../../mpc/protocols/decryption/blocks.ts';
import {
  type BatchMaterial,
  MemoryBatchStore,
} from '../../../mpc/protocols/decryption/pool-allocation-ledger.ts';
import { dealtKeys, testSource } from '../../../mpc/protocols/decryption/testing.test-util.ts';
import { dealPrssSetups } from '../../../mpc/prss/dealer.test-util.ts';
import { createLogger } from '../../observability/logger.ts';
import { generateUserEncryptionKeys, signcryptionReceiver } from '../../signcryption/index.ts';
import { PartySigningKey } from '../../signing/signing-key.ts';
import { CORE_BITDEC_OPTIONS, CORE_POOL_BLOCK_UNIT, coreBitDecCost } from './bitdec-options.ts';
import { KeyBitDecPool } from './bitdec-pool.ts';
import { type DecryptionContext, runPublicDecryption } from './public-decrypt.ts';
import { runUserDecryption } from './user-decrypt.ts';

const params = PARAMS_TEST_BK_SNS;
const n = 4;
const t = 1;
const hex = (sid: SessionId) => Buffer.from(sid).toString('hex');

/** A transport that records the rounds it sends in, per session. */
function recording(transport: Transport, rounds: Map<string, Set<number>>): Transport {
  const record = (sid: SessionId, round: number) => {
    const key = hex(sid);
    rounds.set(key, (rounds.get(key) ?? new Set()).add(round));
  };
  return {
    partyIndex: transport.partyIndex,
    numParties: transport.numParties,
    send(sid, round, to, payload) {
      record(sid, round);
      transport.send(sid, round, to, payload);
    },
    sendToAll(sid, round, payload) {
      record(sid, round);
      transport.sendToAll(sid, round, payload);
    },
    receive: (sid, round, from, timeoutMs) => transport.receive(sid, round, from, timeoutMs),
    closeSession: (sid) => transport.closeSession(sid),
  };
}

/** A memory batch store that remembers the size of every batch put and the batches taken. */
class RecordingStore extends MemoryBatchStore {
  readonly sizes: { triples: number; bits: number }[] = [];
  readonly taken: number[] = [];
  override put(batch: number, material: BatchMaterial): void {
    // GR(2^64, 4): 4 words per element.
    this.sizes.push({ triples: material.triples.a.length / 4, bits: material.bits.length / 4 });
    super.put(batch, material);
  }
  override take(batch: number): BatchMaterial | undefined {
    this.taken.push(batch);
    return super.take(batch);
  }
}

/** Four pooled cores' material sources, full, over recording transports. */
async function fullPools(plan: DecryptionPlan) {
  const network = new InMemoryNetwork(n);
  const setups = dealPrssSetups(n, t);
  const rounds = new Map<string, Set<number>>();
  const transports = setups.map((_, i) => recording(network.transport(i + 1), rounds));
  // One batch of `plan.count` block units covers the plan's blocks.
  const settings = { capacity: 4, blocks: plan.count, readyTimeoutMs: 10_000, proposalTimeoutMs: 1_000 };
  const stores = setups.map(() => new RecordingStore());
  const pools = setups.map(
    (prss, i) =>
      new KeyBitDecPool({
        keyId: 'key-1',
        transport: transports[i],
        threshold: t,
        peerTimeoutMs: 2_000,
        prss,
        degree: 4,
        settings,
        logger: createLogger('silent'),
        store: stores[i],
      }),
  );
  for (const pool of pools) pool.start();
  await until(() => pools.every((pool) => pool.full));
  for (const store of stores) {
    expect(store.sizes.length).toBeGreaterThanOrEqual(4);
    for (const size of store.sizes) expect(size).toEqual({ triples: 47 * plan.count, bits: 64 * plan.count });
  }
  return { setups, rounds, transports, stores, pools };
}

describe('the cores’ BitDec in public and user decryption (4 parties, pooled material)', () => {
  let keys: ReturnType<typeof dealtKeys>;
  let plan: DecryptionPlan;
  let pools: KeyBitDecPool[] = [];

  beforeAll(() => {
    keys = dealtKeys(params, n, t);
    const ct = encryptFheUint(0xa7n, 8, keys.secret.glweKey.data, params.compute, testSource(44));
    expect(decryptFheUint(ct, keys.secret.glweKey.data)).toBe(0xa7n);
    plan = planDecryption(parseCiphertext(writeObject('FheUint', ct)), params);
  });

  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.stop()));
    pools = [];
  });

  function contextOf(cluster: Awaited<ReturnType<typeof fullPools>>, i: number): DecryptionContext {
    return {
      transport: cluster.transports[i],
      threshold: t,
      timeoutMs: 5_000,
      signingKey: PartySigningKey.generate(),
      keyShares: keys.shares[i],
      prss: cluster.setups[i],
      bitDecPool: cluster.pools[i],
    };
  }

  it('costs 7 rounds and 47 triples + 64 bits per block, the pool’s block unit', () => {
    expect(CORE_BITDEC_OPTIONS).toEqual({ ignoredLowBits: 32 });
    expect(coreBitDecCost([plan])).toMatchObject({ triplesPerBlock: 47, bitsPerBlock: 64, rounds: 7 });
    expect(CORE_POOL_BLOCK_UNIT).toEqual({ triples: 47, bits: 64 });
    // One round and 63 triples per block fewer than the exact protocol.
    expect(bitDecCost([plan])).toMatchObject({ triplesPerBlock: 110, rounds: 8 });
  });

  it('public decryption: 7 BitDec rounds over exactly one pooled batch', async () => {
    const cluster = await fullPools(plan);
    pools = cluster.pools;
    const requestId = 'core-public-1';
    const responses = await Promise.all(
      pools.map((_, i) =>
        runPublicDecryption(contextOf(cluster, i), {
          requestId,
          plans: [plan],
          handles: [new Uint8Array(32).fill(7)],
          domain: undefined,
          extraData: new Uint8Array(0),
        }),
      ),
    );
    for (const response of responses)
      expect(response.payload?.plaintexts?.[0].bytes).toEqual(Buffer.from([0xa7]));
    // The BitDec session (the pool allocation has its own child session) ran 7 rounds.
    const bitdec = hex(childSessionId(deriveSessionId(requestId, 'public-decrypt'), 'bitdec'));
    expect(cluster.rounds.get(bitdec)?.size).toBe(7);
    // Every party took the same single batch (exactly the request's 47 triples + 64 bits per block).
    for (const store of cluster.stores) expect(store.taken).toEqual(cluster.stores[0].taken);
    expect(cluster.stores[0].taken).toHaveLength(1);
  }, 120_000);

  it('user decryption: 6 BitDec rounds (nothing opened) over exactly one pooled batch', async () => {
    const cluster = await fullPools(plan);
    pools = cluster.pools;
    const requestId = 'core-user-1';
    const user = generateUserEncryptionKeys();
    const clientAddress = PartySigningKey.generate().address;
    const handle = new Uint8Array(32).fill(9);
    const responses = await Promise.all(
      pools.map((_, i) =>
        runUserDecryption(contextOf(cluster, i), {
          requestId,
          plans: [plan],
          externalHandles: [handle],
          handles: [handle],
          domain: {
            name: 'Decryption',
            version: '1',
            chainId: 1n,
            verifyingContract: '0x000000000000000000000000000000000000dEaD',
          },
          extraData: new Uint8Array(0),
          clientAddress,
          encKey: user.publicKey,
          receiver: signcryptionReceiver(clientAddress, user.publicKey),
        }),
      ),
    );
    for (const [i, response] of responses.entries()) {
      expect(response.payload?.party_id).toBe(i + 1);
      expect(response.payload?.signcrypted_ciphertexts).toHaveLength(1);
    }
    const bitdec = hex(childSessionId(deriveSessionId(requestId, 'user-decrypt'), 'bitdec'));
    expect(cluster.rounds.get(bitdec)?.size).toBe(6);
    for (const store of cluster.stores) expect(store.taken).toEqual(cluster.stores[0].taken);
    expect(cluster.stores[0].taken).toHaveLength(1);
  }, 120_000);
});
