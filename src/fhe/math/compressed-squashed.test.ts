import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { generateSecretKeys } from '../keygen/keygen.ts';
import { readObject, writeObject } from '../objects/index.ts';
import { BC_PARAMS_SNS, PARAMS_TEST_BK_SNS } from '../params/sets.ts';
import {
  decryptCompressedSquashedList,
  encryptCompressedSquashedList,
  extractSquashedLwes,
  packIntegers128,
  squashedGlweWindows,
  unpackIntegers128,
} from './compressed-squashed.ts';
import { uniformBinaryKey, uniformU64s } from './random.ts';
import { lwePhases128 } from './squashed.ts';

const gen = (b: number) => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(b) });
const u128 = (w: BigUint64Array, i: number) => w[2 * i] | (w[2 * i + 1] << 64n);

describe('compressed squashed-noise lists', () => {
  it('packs and unpacks 128-bit values at log modulus 128 (verbatim) and below (rounded to the top bits)', () => {
    const values = uniformU64s(gen(1), 2 * 37);
    expect(unpackIntegers128(packIntegers128(values, 128))).toEqual(values);
    for (const log of [100, 61, 7]) {
      const packed = packIntegers128(values, log);
      expect(packed.packedCoeffs.length).toBe(2 * Math.ceil((37 * log) / 128));
      const back = unpackIntegers128(packed);
      for (let i = 0; i < 37; i++) {
        const d = BigInt.asIntN(128, u128(back, i) - u128(values, i));
        expect(d <= 1n << BigInt(127 - log) && d >= -(1n << BigInt(127 - log))).toBe(true);
        expect(u128(back, i) % (1n << BigInt(128 - log))).toBe(0n);
      }
    }
  });

  it('sample-extracts body coefficient i as an LWE whose phase is (B − Σ A_j·S_j)[i] (schoolbook negacyclic product)', () => {
    const k = 2;
    const N = 16;
    const key = uniformBinaryKey(gen(2), k * N);
    const bodies = 11;
    const words = uniformU64s(gen(3), 2 * (k * N + bodies));
    // Zero low limbs: the negation's carries run through every limb.
    words.set([0n, 0n, 0n, 5n, 1n << 32n, 0n, 0n, 1n << 63n], 2 * 3);
    const glwe = {
      packedIntegers: packIntegers128(words, 128),
      glweDimension: k,
      polynomialSize: N,
      bodiesCount: bodies,
      uncompressedCiphertextModulus: { modulus: 0n, scalarBits: 128 },
    };
    const indices = [0, 3, 10];
    const phases = lwePhases128(extractSquashedLwes(glwe, indices), key);
    indices.forEach((i, c) => {
      let product = 0n;
      for (let j = 0; j < k; j++)
        for (let a = 0; a < N; a++)
          for (let s = 0; s < N; s++) {
            if (a + s !== i && a + s !== i + N) continue;
            const term = u128(words, j * N + a) * key[j * N + s];
            product += a + s === i ? term : -term;
          }
      expect(u128(phases, c)).toBe(BigInt.asUintN(128, u128(words, k * N + i) - product));
    });
    expect(() => extractSquashedLwes(glwe, [bodies])).toThrow(/outside/);
  });

  it('windows E_j[N − 1 − i …] are the sample-extracted masks of every body, at log modulus 128 and below', () => {
    for (const [k, N, bodies] of [
      [2, 16, 16],
      [3, 8, 1],
      [1, 32, 5],
    ]) {
      const words = uniformU64s(gen(10 + k), 2 * (k * N + bodies));
      // Zero low limbs and a zero coefficient: the negation's carries run through every limb.
      words.set([0n, 0n, 0n, 5n, 1n << 32n, 0n, 0n, 1n << 63n], 2 * 1);
      for (const log of [128, 127, 100, 64, 61, 33, 32, 7, 1]) {
        const glwe = {
          packedIntegers: packIntegers128(words, log),
          glweDimension: k,
          polynomialSize: N,
          bodiesCount: bodies,
          uncompressedCiphertextModulus: { modulus: 0n, scalarBits: 128 },
        };
        const all = Array.from({ length: bodies }, (_, i) => i);
        const lwes = extractSquashedLwes(glwe, all);
        const { windows, bodies: bodyWords } = squashedGlweWindows(glwe);
        expect(windows.length).toBe(4 * k * N);
        for (const i of all) {
          const lwe = lwes.subarray(i * 2 * (k * N + 1), (i + 1) * 2 * (k * N + 1));
          for (let j = 0; j < k; j++) {
            const start = 2 * (2 * j * N + N - 1 - i);
            expect(windows.subarray(start, start + 2 * N)).toEqual(lwe.subarray(2 * j * N, 2 * (j + 1) * N));
          }
          expect(bodyWords.subarray(2 * i, 2 * i + 2)).toEqual(lwe.subarray(2 * k * N));
        }
      }
    }
    const glwe = {
      packedIntegers: packIntegers128(uniformU64s(gen(9), 2 * 40), 64),
      glweDimension: 2,
      polynomialSize: 16,
      bodiesCount: 4,
      uncompressedCiphertextModulus: { modulus: 0n, scalarBits: 128 },
    };
    expect(() => squashedGlweWindows(glwe)).toThrow(/40 coefficients, expected k·N \+ bodies/);
    const truncated = { ...glwe.packedIntegers, packedCoeffs: glwe.packedIntegers.packedCoeffs.subarray(2) };
    expect(() => squashedGlweWindows({ ...glwe, bodiesCount: 8, packedIntegers: truncated })).toThrow(
      /cannot hold/,
    );
    const wide = { ...glwe, polynomialSize: 4, glweDimension: 6, bodiesCount: 16 };
    expect(() => squashedGlweWindows(wide)).toThrow(/16 bodies, expected at most N = 4/);
  });

  it('encrypts a list of booleans and radix values that decrypts to them, across GLWEs and storage moduli', () => {
    const params = PARAMS_TEST_BK_SNS;
    const secret = generateSecretKeys(params, gen(4));
    const key = secret.noiseSquashingCompressionKey!;
    const values = [
      { kind: { kind: 'Boolean' as const }, value: 1n },
      { kind: { kind: 'Unsigned' as const, blocks: 4 }, value: 0xa7n },
      { kind: { kind: 'Signed' as const, blocks: 3 }, value: -17n },
      { kind: { kind: 'Unsigned' as const, blocks: 32 }, value: 0x0123456789abcdefn },
      { kind: { kind: 'Unsigned' as const, blocks: 128 }, value: (1n << 255n) + 12345n },
      { kind: { kind: 'Unsigned' as const, blocks: 128 }, value: (1n << 200n) - 3n },
      { kind: { kind: 'Boolean' as const }, value: 0n },
    ];
    for (const logModulus of [128, 100]) {
      const list = encryptCompressedSquashedList(values, key, params.noiseSquashingCompression!, gen(5), {
        logModulus,
      });
      // 1 + 2 + 2 + 16 + 64 + 64 + 1 = 150 LWEs: one full GLWE of 128 and one of 22.
      expect(list.glweCiphertexts.map((g) => g.bodiesCount)).toEqual([128, 22]);
      const back = readObject(
        'CompressedSquashedNoiseCiphertextList',
        writeObject('CompressedSquashedNoiseCiphertextList', list),
      );
      expect(decryptCompressedSquashedList(back, key)).toEqual(values.map((v) => v.value));
    }
    // Under another key the values do not come back.
    const other = generateSecretKeys(params, gen(6)).noiseSquashingCompressionKey!;
    const list = encryptCompressedSquashedList(values, key, params.noiseSquashingCompression!, gen(7));
    expect(decryptCompressedSquashedList(list, other)).not.toEqual(values.map((v) => v.value));
  });

  it('BC_PARAMS_SNS: an euint64 in a 6 × 1024 GLWE', () => {
    const params = BC_PARAMS_SNS;
    const key = generateSecretKeys(params, gen(8)).noiseSquashingCompressionKey!;
    expect(key.data.length).toBe(6144);
    const values = [{ kind: { kind: 'Unsigned' as const, blocks: 32 }, value: 0xfedcba9876543210n }];
    const list = encryptCompressedSquashedList(values, key, params.noiseSquashingCompression!, gen(9));
    expect(list.glweCiphertexts[0].packedIntegers.initialLen).toBe(6144 + 16);
    expect(decryptCompressedSquashedList(list, key)).toEqual([0xfedcba9876543210n]);
  });
});
