import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptCompactCiphertextList,
  decryptFheBool,
  decryptFheInt,
  decryptFheUint,
} from '../../../fhe/math/decrypt.ts';
import { encryptFheBool, encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS, TFHE_1_7_DEFAULT } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { generateBits } from '../../preprocessing/bits.ts';
import { wordsOf } from '../../preprocessing/channel.ts';
import { testParties as preprocessingParties } from '../../preprocessing/network.test-util.ts';
import { generateTriples } from '../../preprocessing/triples.ts';
import { lieAbout } from '../../sharing/shares.malicious.ts';
import { bitDecBlockCost, bitDecCost, bitDecDecrypt, bitDecUserDecryptionShares } from './bit-dec.ts';
import { type DecryptionPlan, parseCiphertext, planDecryption } from './blocks.ts';
import { equivocatingParty, lyingParty } from './decryption.malicious.ts';
import { PreprocessingExhaustedError } from './errors.ts';
import { PreprocessingPool } from './pool.ts';
import { atAllParties, dealtKeys, encryptCompactList, testParties, testSource } from './testing.test-util.ts';
import { tkmsReconstruct } from './tkms.test-util.ts';
import { layoutOf, reconstructUserDecryption } from './user-decryption.ts';

const params = PARAMS_TEST_BK_SNS;

/** Pools of n parties filled by the preprocessing protocols (triples, then bits) over their own session. */
async function filledPools(
  n: number,
  t: number,
  triples: number,
  bits: number,
): Promise<PreprocessingPool[]> {
  const { contexts } = preprocessingParties(64, n, t, 4);
  const pools = contexts.map(() => new PreprocessingPool(galoisRing(64, 4)));
  const made = await Promise.all(
    contexts.map(async (ctx) => ({
      triples: await generateTriples(ctx, triples),
      bits: await generateBits(ctx, bits),
    })),
  );
  made.forEach((m, i) => {
    pools[i].addTriples(m.triples);
    pools[i].addBits(m.bits);
  });
  return pools;
}

describe('BitDec public decryption (64-bit ciphertexts)', () => {
  let keys: ReturnType<typeof dealtKeys>;
  let plans: DecryptionPlan[];
  let expected: bigint[][];
  const source = testSource(31);

  beforeAll(() => {
    keys = dealtKeys(params, 4, 1);
    const big = keys.secret.glweKey.data;
    plans = [];
    expected = [];
    const bool = encryptFheBool(true, big, params.compute, source);
    expect(decryptFheBool(bool, big)).toBe(true);
    plans.push(planDecryption(parseCiphertext(writeObject('FheBool', bool)), params));
    expected.push([1n]);
    for (const [bits, value] of [
      [8, 173n],
      [32, 0xdeadbeefn],
      [64, (1n << 64n) - 59n],
      [128, (1n << 127n) + 12345n],
      [256, (0xfedcba9876543210n << 190n) + 777n],
    ] as const) {
      const ct = encryptFheUint(value, bits, big, params.compute, source);
      expect(decryptFheUint(ct, big)).toBe(value);
      plans.push(planDecryption(parseCiphertext(writeObject('FheUint', ct)), params));
      expected.push([value]);
    }
    const signed = encryptFheUint(-100n, 16, big, params.compute, source);
    expect(decryptFheInt(signed, big)).toBe(-100n);
    plans.push(planDecryption(parseCiphertext(writeObject('FheInt', signed)), params));
    expected.push([-100n]);
    const list = encryptCompactList(
      [
        { kind: { kind: 'Unsigned', blocks: 4 }, value: 42n },
        { kind: { kind: 'Boolean' }, value: 1n },
        { kind: { kind: 'Unsigned', blocks: 16 }, value: 123456789n },
      ],
      keys.secret.compactKey!,
      true,
      source,
    );
    expect(decryptCompactCiphertextList(list, keys.secret.compactKey!)).toEqual([42n, 1n, 123456789n]);
    plans.push(planDecryption(parseCiphertext(writeObject('CompactCiphertextList', list)), params));
    expected.push([42n, 1n, 123456789n]);
  });

  it('costs 64 bits and 110 triples per block in 8 rounds (log2 Δ = 59)', () => {
    expect(bitDecCost(plans.slice(0, 1))).toEqual({
      triplesPerBlock: 110,
      bitsPerBlock: 64,
      triples: 110,
      bits: 64,
      rounds: 8,
    });
    expect(bitDecCost(plans.slice(0, 1), { ignoredLowBits: 32 })).toMatchObject({
      triplesPerBlock: 47,
      rounds: 7,
    });
  });

  it('per-block cost: bitDecCost is bitDecBlockCost times the blocks, whatever the options', () => {
    const blocks = plans.reduce((n, plan) => n + plan.count, 0);
    for (const options of [{}, { ignoredLowBits: 1 }, { ignoredLowBits: 32 }, { ignoredLowBits: 57 }]) {
      const perBlock = bitDecBlockCost(59, options);
      expect(bitDecCost(plans, options)).toEqual({
        ...perBlock,
        triples: perBlock.triplesPerBlock * blocks,
        bits: perBlock.bitsPerBlock * blocks,
      });
    }
    // 59 − 32 = 27 leaves: levels of 13, 7, 3, 2, 1 pairs, 2·pairs − 1 products each (25 + 13 + 5 + 3 + 1).
    expect(bitDecBlockCost(59, { ignoredLowBits: 32 })).toEqual({
      triplesPerBlock: 47,
      bitsPerBlock: 64,
      rounds: 7,
    });
    expect(() => bitDecBlockCost(63)).toThrow(/deltaLog2/);
    expect(() => bitDecBlockCost(59, { ignoredLowBits: 58 })).toThrow(/ignoredLowBits/);
  });

  it('decrypts FheBool, FheUint8…256, FheInt16 and a packed compact list in one batch, n = 4', async () => {
    const cost = bitDecCost(plans);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions } = testParties(4, 1, { tag: 'bitdec' });
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], plans),
    );
    for (const [i, result] of results.entries()) {
      expect(result.plaintexts.map((v) => v.map((x) => x.value))).toEqual(expected);
      expect(result.rounds).toBe(cost.rounds);
      expect(result.consumed).toEqual({ triples: cost.triples, bits: cost.bits });
      expect(result.liars).toEqual([]);
      expect(pools[i].triplesAvailable).toBe(0);
      expect(pools[i].bitsAvailable).toBe(0);
    }
    expect(results[0].plaintexts.at(-1)!.map((x) => x.fheType)).toEqual(['Uint8', 'Bool', 'Uint32']);
  });

  it('corrects and names a party that lies in every round', async () => {
    const batch = plans.slice(2, 4); // Uint32, Uint64
    const cost = bitDecCost(batch);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions, network } = testParties(4, 1, { tag: 'bitdec-liar' });
    const R = galoisRing(64, 4);
    network.addFault({
      from: 4,
      action: {
        kind: 'corrupt',
        mutate: (payload) =>
          new Uint8Array(
            lieAbout(R, wordsOf(payload, payload.length / 8)!, 4, { kind: 'plane', plane: 60 }).buffer,
          ),
      },
    });
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch),
    );
    for (const p of [1, 2, 3]) {
      expect(results[p - 1].plaintexts.map((v) => v[0].value)).toEqual([expected[2][0], expected[3][0]]);
      expect(results[p - 1].liars).toEqual([4]);
      expect(results[p - 1].rounds).toBe(8);
    }
  });

  it('a lie in one carry-tree round only (top bit plane) is corrected; an equivocating party is named', async () => {
    const batch = plans.slice(1, 3); // Uint8, Uint32
    const R = galoisRing(64, 4);
    for (const attack of ['carry-round', 'equivocate'] as const) {
      const cost = bitDecCost(batch);
      const pools = await filledPools(4, 1, cost.triples, cost.bits);
      const { sessions, network } = testParties(4, 1, { tag: `bitdec-${attack}` });
      if (attack === 'carry-round') lyingParty(network, R, 2, { kind: 'plane', plane: 63 }, 4);
      else equivocatingParty(network, R, 2);
      const results = await atAllParties(4, (p) =>
        bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch),
      );
      for (const p of [1, 3, 4]) {
        expect(results[p - 1].plaintexts.map((v) => v[0].value)).toEqual([expected[1][0], expected[2][0]]);
        expect(results[p - 1].liars).toEqual([2]);
        expect(results[p - 1].rounds).toBe(8);
      }
    }
  });

  it('finishes without a silent party, waiting for it only once', async () => {
    const batch = plans.slice(3, 4);
    const cost = bitDecCost(batch);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions, network } = testParties(4, 1, { tag: 'bitdec-silent', timeoutMs: 400 });
    network.silence(2);
    const started = performance.now();
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch).catch(() => null),
    );
    expect(performance.now() - started).toBeLessThan(8 * 400);
    for (const p of [1, 3, 4]) {
      expect(results[p - 1]!.plaintexts[0][0].value).toBe(expected[3][0]);
      // Every opening ends as soon as three shares (own + two) agree: the silent party is never waited for.
      expect(results[p - 1]!.missing).toEqual([]);
      expect(results[p - 1]!.rounds).toBe(8);
    }
  });

  it('drops the low carries with ignoredLowBits: 7 rounds, same plaintexts', async () => {
    const batch = plans.slice(1, 4);
    const cost = bitDecCost(batch, { ignoredLowBits: 32 });
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions } = testParties(4, 1, { tag: 'bitdec-q' });
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch, { ignoredLowBits: 32 }),
    );
    expect(results[0].plaintexts.map((v) => v[0].value)).toEqual(expected.slice(1, 4).map((v) => v[0]));
    expect(results[0].rounds).toBe(7);
  });

  it('rounds exactly like the plain decoder at the edges of the margin (phase noise ±Δ/2)', async () => {
    const big = keys.secret.glweKey.data;
    const ct = encryptFheUint(0b10_01_11_00n, 8, big, params.compute, source);
    const half = 1n << 58n;
    [half - 2n, -half, half, -half - 1n].forEach((noise, i) => {
      const data = ct.blocks[i].ct.data;
      data[data.length - 1] += BigInt.asUintN(64, noise);
    });
    const oracle = decryptFheUint(ct, big);
    expect(oracle).not.toBe(0b10_01_11_00n); // the +Δ/2 and −Δ/2 − 1 blocks round to their neighbours
    const batch = [planDecryption({ kind: 'FheUint', ciphertext: ct }, params)];
    const cost = bitDecCost(batch);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions } = testParties(4, 1, { tag: 'bitdec-edges' });
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch),
    );
    for (const result of results) expect(result.plaintexts[0][0].value).toBe(oracle);
  });

  it('user decryption of 64-bit ciphertexts: 7 rounds, nothing opened, node-tkms and our client reconstruct', async () => {
    const batch = plans.slice(0, 4); // Bool, Uint8, Uint32, Uint64
    const cost = bitDecCost(batch);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions, network } = testParties(4, 1, { tag: 'bitdec-user' });
    const R = galoisRing(64, 4);
    network.addFault({
      from: 3,
      round: 1,
      action: {
        kind: 'corrupt',
        mutate: (payload) =>
          new Uint8Array(lieAbout(R, wordsOf(payload, payload.length / 8)!, 3, { kind: 'garbage' }).buffer),
      },
    });
    const results = await atAllParties(4, (p) =>
      bitDecUserDecryptionShares(sessions[p - 1], pools[p - 1], keys.shares[p - 1], batch),
    );
    const values = expected.slice(0, 4).map((v) => v[0]);
    for (const p of [1, 2, 4]) {
      expect(results[p - 1].rounds).toBe(cost.rounds - 1);
      expect(results[p - 1].liars).toEqual([3]);
    }
    const all = results.map((r) => r.shares);
    expect(all[0].map((s) => s.packingFactor)).toEqual([1, 1, 1, 1]);
    expect(tkmsReconstruct(4, 1, all)).toEqual(values);
    expect(tkmsReconstruct(4, 1, [all[0], undefined, all[2], all[3]])).toEqual(values);
    batch.forEach((_, c) => {
      const layout = layoutOf(all[0][c].layout.fheType, all[0][c].packingFactor);
      expect(layout).toEqual(all[0][c].layout);
      const byParty = all.map((shares) => shares[c].packed);
      const ours = reconstructUserDecryption(layout, byParty, 1);
      expect(ours.plaintext.value).toBe(values[c]);
      // The shared phases carry no noise: every opened coefficient is an exact multiple of 2^123.
      const opened = reconstructUserDecryption(
        { ...layout, deltaLog2: 0, bitsPerBlock: 128, bits: 128 * layout.blocks },
        byParty,
        1,
      );
      expect(opened.plaintext.value % (1n << 123n)).toBe(0n);
    });
  });

  it('refuses to start when the pool is short, consuming nothing', async () => {
    const pools = await filledPools(4, 1, 100, 64);
    const { sessions } = testParties(4, 1, { tag: 'bitdec-short' });
    await expect(
      bitDecDecrypt(sessions[0], pools[0], keys.shares[0], plans.slice(0, 1)),
    ).rejects.toBeInstanceOf(PreprocessingExhaustedError);
    expect(sessions[0].round).toBe(0);
    expect(pools[0].triplesAvailable).toBe(100);
  });

  it('n = 7, t = 2: one liar and one silent party', async () => {
    const keys7 = dealtKeys(params, 7, 2);
    const ct = encryptFheUint(0xbeefn, 16, keys7.secret.glweKey.data, params.compute, source);
    const batch = [planDecryption({ kind: 'FheUint', ciphertext: ct }, params)];
    const cost = bitDecCost(batch);
    const pools = await filledPools(7, 2, cost.triples, cost.bits);
    const { sessions, network } = testParties(7, 2, { tag: 'bitdec-7', timeoutMs: 400 });
    const R = galoisRing(64, 4);
    network.silence(6);
    network.addFault({
      from: 3,
      action: {
        kind: 'corrupt',
        mutate: (payload) =>
          new Uint8Array(lieAbout(R, wordsOf(payload, payload.length / 8)!, 3, { kind: 'garbage' }).buffer),
      },
    });
    const results = await atAllParties(7, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], keys7.shares[p - 1], batch).catch(() => null),
    );
    for (const p of [1, 2, 4, 5, 7]) {
      expect(results[p - 1]!.plaintexts[0][0].value).toBe(0xbeefn);
      expect(results[p - 1]!.liars).toEqual([3]);
      expect(results[p - 1]!.missing).toEqual([]); // openings end early, without waiting for party 6
    }
  });

  it('default parameters: dimension 2048, TUniform(2^17) noise', async () => {
    const real = dealtKeys(TFHE_1_7_DEFAULT, 4, 1, 9);
    const ct = encryptFheUint(0xc3n, 8, real.secret.glweKey.data, TFHE_1_7_DEFAULT.compute, source);
    const batch = [planDecryption({ kind: 'FheUint', ciphertext: ct }, TFHE_1_7_DEFAULT)];
    expect(batch[0].lweDimension).toBe(2048);
    const cost = bitDecCost(batch);
    const pools = await filledPools(4, 1, cost.triples, cost.bits);
    const { sessions } = testParties(4, 1, { tag: 'bitdec-default' });
    const results = await atAllParties(4, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], real.shares[p - 1], batch),
    );
    for (const r of results) expect(r.plaintexts[0][0].value).toBe(0xc3n);
  });
});
