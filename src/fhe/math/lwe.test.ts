import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { decryptLweBlocks, encryptLweBlocks, lweDots, lwePhases } from './lwe.ts';
import { lwePhaseRef, randomBits, randomU64Array, signed } from './reference.test-util.ts';
import { decodeBlock, decodeBlocks, delta, encodeBlock, MSG2_CARRY2, noiseOf } from './torus.ts';

const gen = (b: number) => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(b) });

describe('torus encoding (msg = carry = 4, padding bit)', () => {
  it('Δ = 2^59 and encodes the 32-value space with the padding bit', () => {
    expect(delta(MSG2_CARRY2)).toBe(1n << 59n);
    expect(encodeBlock(15, MSG2_CARRY2)).toBe(15n << 59n);
    expect(() => encodeBlock(32, MSG2_CARRY2)).toThrow(/\[0, 32\)/);
  });

  it('decodes by rounding, wrapping mod 32, and the batch decoder agrees with the scalar one', () => {
    const half = 1n << 58n;
    const cases: [bigint, number][] = [
      [0n, 0],
      [half - 1n, 0],
      [half, 1],
      [(3n << 59n) - 5n, 3],
      [BigInt.asUintN(64, -1n), 0],
      [BigInt.asUintN(64, -half - 1n), 31],
      [(31n << 59n) + half, 0],
    ];
    for (const [phase, value] of cases) expect(decodeBlock(phase, MSG2_CARRY2)).toBe(value);
    const phases = randomU64Array(5000, 3);
    const batch = decodeBlocks(phases, MSG2_CARRY2);
    for (let i = 0; i < phases.length; i++) expect(batch[i]).toBe(decodeBlock(phases[i], MSG2_CARRY2));
    expect(Array.from(decodeBlocks(BigUint64Array.from(cases.map((c) => c[0])), MSG2_CARRY2))).toEqual(
      cases.map((c) => c[1]),
    );
  });
});

describe('LWE over Z_2^64', () => {
  it('batched phases equal the BigInt re-computation (binary and arbitrary u64 keys, odd dimension)', () => {
    for (const n of [918, 2048, 7]) {
      const count = 5;
      const cts = randomU64Array(count * (n + 1), n);
      for (const key of [randomBits(n, n + 1), randomU64Array(n, n + 2)]) {
        const phases = lwePhases(cts, key);
        for (let c = 0; c < count; c++) {
          expect(phases[c]).toBe(lwePhaseRef(cts.subarray(c * (n + 1), (c + 1) * (n + 1)), key));
        }
      }
    }
  });

  it('dot products honour the stride', () => {
    const vecs = randomU64Array(30, 1);
    const key = randomU64Array(4, 2);
    const dots = lweDots(vecs, 3, 4, 10, key);
    for (let c = 0; c < 3; c++) {
      let acc = 0n;
      for (let i = 0; i < 4; i++) acc += vecs[10 * c + i] * key[i];
      expect(dots[c]).toBe(BigInt.asUintN(64, acc));
    }
  });

  it('encrypt → decrypt roundtrips every block value with noise within the TUniform bound', () => {
    const key = randomBits(2048, 9);
    const values = Array.from({ length: 32 }, (_, i) => i);
    const cts = encryptLweBlocks(key, values, MSG2_CARRY2, 17, gen(1), gen(2));
    expect(Array.from(decryptLweBlocks(cts, key, MSG2_CARRY2))).toEqual(values);
    const phases = lwePhases(cts, key);
    for (let i = 0; i < values.length; i++) {
      const e = noiseOf(phases[i], MSG2_CARRY2);
      expect(Math.abs(e)).toBeLessThanOrEqual(2 ** 17);
      expect(signed(phases[i] - (BigInt(values[i]) << 59n))).toBe(BigInt(e));
    }
  });

  it('rejects a key of the wrong dimension', () => {
    expect(() => lwePhases(new BigUint64Array(11), new BigUint64Array(4))).toThrow(/multiple of n \+ 1/);
  });
});
