import { beforeAll, describe, expect, it } from 'vitest';
import { decryptSquashedNoiseFheBool, decryptSquashedNoiseFheUint } from '../../../fhe/math/decrypt.ts';
import { lwePhases128 } from '../../../fhe/math/squashed.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { BC_PARAMS_SNS, PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import { galoisRing, lagrangeAtZero } from '../../algebra/index.ts';
import { wordsOf } from '../../preprocessing/channel.ts';
import { lieAbout } from '../../sharing/shares.malicious.ts';
import { type DecryptionPlan, parseCiphertext, planDecryption } from './blocks.ts';
import { equivocatingParty } from './decryption.malicious.ts';
import { ProtocolAbortError, ProtocolInputError } from './errors.ts';
import { decodePhases128, noiseFloodDecrypt } from './noise-flood.ts';
import { phaseShares } from './partial.ts';
import {
  atAllParties,
  dealtKeys,
  encryptSquashedBool,
  encryptSquashedUint,
  testParties,
  testSource,
} from './testing.test-util.ts';

const params = PARAMS_TEST_BK_SNS;
const UINTS: [number, bigint][] = [
  [8, 173n],
  [32, 0xdeadbeefn],
  [64, (1n << 64n) - 59n],
  [128, (1n << 127n) + 0x1234_5678_9abc_def0n],
  [256, (0xfedcba9876543210n << 190n) + 777n],
];

describe('NoiseFlood public decryption (128-bit squashed ciphertexts)', () => {
  let keys: ReturnType<typeof dealtKeys>;
  let plans: DecryptionPlan[];
  let expected: bigint[];

  beforeAll(() => {
    keys = dealtKeys(params, 4, 1);
    const source = testSource(3);
    const squashKey = keys.secret.noiseSquashingKey!.data;
    plans = [];
    expected = [];
    // Every ciphertext goes through its wire form, as the service receives it.
    const bool = encryptSquashedBool(true, keys.secret, source);
    expect(decryptSquashedNoiseFheBool(bool, squashKey)).toBe(true);
    plans.push(planDecryption(parseCiphertext(writeObject('SquashedNoiseFheBool', bool)), params));
    expected.push(1n);
    for (const [bits, value] of UINTS) {
      const ct = encryptSquashedUint(value, bits, keys.secret, source);
      expect(decryptSquashedNoiseFheUint(ct, squashKey)).toBe(value);
      plans.push(planDecryption(parseCiphertext(writeObject('SquashedNoiseFheUint', ct)), params));
      expected.push(value);
    }
  });

  it('decrypts FheBool and FheUint8…256 in one batch, one round, at every party', async () => {
    const { sessions, prss } = testParties(4, 1);
    const results = await atAllParties(4, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans),
    );
    for (const result of results) {
      expect(result.rounds).toBe(1);
      expect(result.plaintexts.map((v) => v[0].value)).toEqual(expected);
      expect(result.plaintexts.map((v) => v[0].fheType)).toEqual([
        'Bool',
        'Uint8',
        'Uint32',
        'Uint64',
        'Uint128',
        'Uint256',
      ]);
      expect(result.liars).toEqual([]);
      expect(result.missing).toEqual([]);
    }
  });

  it('the opened phases are flooded: the same ciphertext opens to different phases in two sessions', async () => {
    // Decrypting twice must agree on the message while the opened masked phases differ (a fresh mask per session).
    const R = galoisRing(128, 4);
    const seen: bigint[] = [];
    for (let run = 0; run < 2; run++) {
      const { sessions, prss, network } = testParties(4, 1);
      network.addFault({
        from: 1,
        to: 2,
        action: {
          kind: 'corrupt',
          mutate: (payload) => {
            const words = wordsOf(payload, payload.length / 8)!;
            seen.push(R.toBigints(words, 0)[0]);
            return payload;
          },
        },
      });
      const results = await atAllParties(4, (p) =>
        noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans.slice(0, 1)),
      );
      expect(results[1].plaintexts[0][0].value).toBe(1n);
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('corrects and names a party that sends wrong shares', async () => {
    const { sessions, prss, network } = testParties(4, 1);
    const R = galoisRing(128, 4);
    network.addFault({
      from: 3,
      action: {
        kind: 'corrupt',
        mutate: (payload) => {
          const words = wordsOf(payload, payload.length / 8)!;
          const lie = lieAbout(R, words, 3, { kind: 'plane', plane: 122 });
          return new Uint8Array(lie.buffer);
        },
      },
    });
    const results = await atAllParties(4, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans),
    );
    for (const p of [1, 2, 4]) {
      expect(results[p - 1].plaintexts.map((v) => v[0].value)).toEqual(expected);
      expect(results[p - 1].liars).toEqual([3]);
    }
  });

  it('names a party that shows every recipient a different lie', async () => {
    const { sessions, prss, network } = testParties(4, 1);
    equivocatingParty(network, galoisRing(128, 4), 2);
    const results = await atAllParties(4, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans),
    );
    for (const p of [1, 3, 4]) {
      expect(results[p - 1].plaintexts.map((v) => v[0].value)).toEqual(expected);
      expect(results[p - 1].liars).toEqual([2]);
    }
  });

  it('finishes without a silent party', async () => {
    const { sessions, prss, network } = testParties(4, 1, { timeoutMs: 300 });
    network.silence(2);
    const results = await atAllParties(4, (p) =>
      p === 2
        ? Promise.resolve(null)
        : noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans),
    );
    for (const p of [1, 3, 4]) {
      expect(results[p - 1]!.plaintexts.map((v) => v[0].value)).toEqual(expected);
      expect(results[p - 1]!.missing).toEqual([]); // the opening ended early, without waiting for party 2
      expect(results[p - 1]!.rounds).toBe(1);
    }
  });

  it('with 2t + 1 participants: decrypts without the fourth party (nothing sent to it), aborts on a lie', async () => {
    const participants = [1, 3, 4];
    const { sessions, prss, network } = testParties(4, 1, { timeoutMs: 60_000, participants });
    const start = performance.now();
    const results = await Promise.all(
      participants.map((p) => noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans)),
    );
    expect(performance.now() - start).toBeLessThan(10_000); // no wait for party 2
    for (const result of results) {
      expect(result.plaintexts.map((v) => v[0].value)).toEqual(expected);
      expect(result.missing).toEqual([]);
      expect(result.liars).toEqual([]);
    }
    expect(network.messagesSent).toBe(6);
    // A lying participant leaves 2t + 1 shares that fix no polynomial: the others abort instead of answering.
    const lying = testParties(4, 1, { timeoutMs: 60_000, participants });
    const R = galoisRing(128, 4);
    lying.network.addFault({
      from: 4,
      action: {
        kind: 'corrupt',
        mutate: (payload) => {
          const words = wordsOf(payload, payload.length / 8)!;
          return new Uint8Array(lieAbout(R, words, 3, { kind: 'plane', plane: 122 }).buffer);
        },
      },
    });
    const outcomes = await Promise.allSettled(
      participants.map((p) =>
        noiseFloodDecrypt(lying.sessions[p - 1], lying.prss[p - 1], keys.shares[p - 1], plans),
      ),
    );
    for (const p of [1, 3]) {
      const outcome = outcomes[participants.indexOf(p)];
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ProtocolAbortError);
    }
  });

  it('aborts, naming suspects, when a silent party and a liar exceed what n = 4 can correct', async () => {
    const { sessions, prss, network } = testParties(4, 1, { timeoutMs: 300 });
    network.silence(2);
    network.addFault({ from: 3, action: { kind: 'corrupt' } }); // malformed bytes: an erasure too
    network.addFault({
      from: 4,
      action: { kind: 'replace', payload: new Uint8Array(plans.reduce((n, p) => n + p.count, 0) * 64) },
    });
    const run = noiseFloodDecrypt(sessions[0], prss[0], keys.shares[0], plans);
    const others = [2, 3, 4].map((p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], plans).catch(() => null),
    );
    await expect(run).rejects.toBeInstanceOf(ProtocolAbortError);
    await Promise.all(others);
  });

  it('n = 7, t = 2: two liars corrected', async () => {
    const keys7 = dealtKeys(params, 7, 2);
    const source = testSource(9);
    const ct = encryptSquashedUint(0x0123456789abcdefn, 64, keys7.secret, source);
    const plan = planDecryption({ kind: 'SquashedNoiseFheUint', ciphertext: ct }, params);
    const { sessions, prss, network } = testParties(7, 2);
    const R = galoisRing(128, 4);
    for (const liar of [5, 7]) {
      network.addFault({
        from: liar,
        action: {
          kind: 'corrupt',
          mutate: (payload) =>
            new Uint8Array(
              lieAbout(R, wordsOf(payload, payload.length / 8)!, liar, { kind: 'garbage' }).buffer,
            ),
        },
      });
    }
    const results = await atAllParties(7, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys7.shares[p - 1], [plan]),
    );
    for (const p of [1, 2, 3, 4, 6]) {
      expect(results[p - 1].plaintexts[0][0].value).toBe(0x0123456789abcdefn);
      expect(results[p - 1].liars).toEqual([5, 7]);
    }
  });

  it('phase shares of a batch open to the plain phases b − ⟨a, s⟩ of every block (oracle: lwePhases128)', () => {
    // Any t + 1 = 2 parties' shares, combined with Lagrange coefficients at 0, give the phase of each block.
    const R = galoisRing(128, 4);
    const mine = [1, 3].map((p) => phaseShares(keys.shares[p - 1], plans, 128));
    const opened = R.alloc(R.count(mine[0]));
    R.linearCombination(opened, mine, lagrangeAtZero(R, [1, 3]));
    const expected = lwePhases128(
      new BigUint64Array(plans.flatMap((plan) => [...plan.lwes])),
      keys.secret.noiseSquashingKey!.data,
    );
    expect(R.constantCoefficients(opened)).toEqual(expected);
    // Only the constant coefficient carries the phase: the others open to 0.
    for (let b = 0; b < R.count(opened); b++) expect(R.toBigints(opened, b).slice(1)).toEqual([0n, 0n, 0n]);
  });

  it('production parameters: BC_PARAMS_SNS noise-squashing key (dimension 4096)', async () => {
    const prod = dealtKeys(BC_PARAMS_SNS, 4, 1, 8);
    const ct = encryptSquashedUint(0xfedcba9876543210n, 64, prod.secret, testSource(12));
    expect(decryptSquashedNoiseFheUint(ct, prod.secret.noiseSquashingKey!.data)).toBe(0xfedcba9876543210n);
    const plan = planDecryption({ kind: 'SquashedNoiseFheUint', ciphertext: ct }, BC_PARAMS_SNS);
    expect(plan.lweDimension).toBe(4096);
    const { sessions, prss } = testParties(4, 1);
    const results = await atAllParties(4, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], prod.shares[p - 1], [plan]),
    );
    for (const r of results) expect(r.plaintexts[0][0].value).toBe(0xfedcba9876543210n);
  });

  it('rejects inputs that do not belong together', async () => {
    const { sessions, prss } = testParties(4, 1);
    const plan64 = { ...plans[1], modulusBits: 64 as const };
    await expect(noiseFloodDecrypt(sessions[0], prss[0], keys.shares[0], [plan64])).rejects.toThrow(
      /this protocol decrypts 128-bit ciphertexts/,
    );
    await expect(noiseFloodDecrypt(sessions[0], prss[0], keys.shares[1], plans)).rejects.toBeInstanceOf(
      ProtocolInputError,
    );
    await expect(noiseFloodDecrypt(sessions[0], prss[1], keys.shares[0], plans)).rejects.toThrow(
      /prss: set up for party 2/,
    );
    const { shares: noSquash } = dealtKeys(PARAMS_TEST_BK_SNS, 4, 1);
    delete noSquash[0].components.noiseSquashingKey;
    await expect(noiseFloodDecrypt(sessions[0], prss[0], noSquash[0], plans)).rejects.toThrow(
      /no noiseSquashingKey/,
    );
    expect(sessions[0].round).toBe(0);
  });
});

describe('decodePhases128', () => {
  it('rounds the high word as BigInt does, for every Δ and at the rounding and wrap-around edges', () => {
    const edges = [0n, 1n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n];
    for (let deltaLog2 = 65; deltaLog2 <= 127; deltaLog2++) {
      const shift = BigInt(deltaLog2 - 64);
      const his: bigint[] = [...edges];
      for (let k = 0n; k < 8n; k++) {
        // just below, at and above each half-step boundary
        const boundary = BigInt.asUintN(64, (k << shift) + (1n << (shift - 1n)));
        his.push(BigInt.asUintN(64, boundary - 1n), boundary, BigInt.asUintN(64, boundary + 1n));
      }
      for (let i = 0; i < 20; i++)
        his.push(BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) << 11n));
      const valueBits = Uint8Array.from(his, (_, i) => 1 + (i % 8));
      const phases = new BigUint64Array(2 * his.length);
      his.forEach((hi, i) => {
        phases[2 * i] = BigInt(i * 7919);
        phases[2 * i + 1] = hi;
      });
      const plan = {
        count: his.length,
        deltaLog2,
        valueBits,
        recombine: (values: Uint8Array) => [...values],
      } as unknown as DecryptionPlan;
      const [decoded] = decodePhases128([plan], phases) as unknown as number[][];
      const expected = his.map((hi, i) =>
        Number((BigInt.asUintN(64, hi + (1n << (shift - 1n))) >> shift) & BigInt((1 << valueBits[i]) - 1)),
      );
      expect(decoded).toEqual(expected);
    }
  });
});
