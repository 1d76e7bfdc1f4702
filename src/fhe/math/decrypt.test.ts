import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { readObject, writeObject } from '../objects/index.ts';
import type { SquashedNoiseCiphertext, SquashedNoiseFheUint } from '../objects/types.ts';
import { PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 as PARAMS } from '../params/sets.ts';
import {
  decryptFheBool,
  decryptFheInt,
  decryptFheUint,
  decryptSquashedNoiseFheBool,
  decryptSquashedNoiseFheInt,
  decryptSquashedNoiseFheUint,
} from './decrypt.ts';
import { encryptFheBool, encryptFheUint } from './encrypt.ts';
import { randomBits, randomU64Array } from './reference.test-util.ts';

const M128 = (1n << 128n) - 1n;
const n = 64;
const squashKey = randomBits(n, 77);

/** A 128-bit LWE block encrypting `value` (4-bit message+carry space, Δ = 2^123), built in BigInt. */
function squashedBlock(value: number, seed: number): SquashedNoiseCiphertext {
  const mask = randomU64Array(2 * n, seed);
  const data = new BigUint64Array(2 * (n + 1));
  let dot = 0n;
  for (let i = 0; i < n; i++) {
    data[2 * i] = mask[2 * i];
    data[2 * i + 1] = mask[2 * i + 1];
    if (squashKey[i]) dot += mask[2 * i] | (mask[2 * i + 1] << 64n);
  }
  const noise = BigInt(seed % 2 ? -1 : 1) * (1n << 90n);
  const body = (dot + (BigInt(value) << 123n) + noise) & M128;
  data[2 * n] = body & 0xffffffffffffffffn;
  data[2 * n + 1] = body >> 64n;
  return {
    ct: { data, ciphertextModulus: { modulus: 0n, scalarBits: 128 } },
    degree: 15,
    messageModulus: 4,
    carryModulus: 4,
  };
}

/** Squashes radix digits two by two like tfhe-rs (lo + 4·hi per 128-bit block). */
function squashedUint(digits: number[]): SquashedNoiseFheUint {
  const packedBlocks: SquashedNoiseCiphertext[] = [];
  for (let i = 0; i < digits.length; i += 2)
    packedBlocks.push(squashedBlock(digits[i] + 4 * (digits[i + 1] ?? 0), i + 1));
  return { packedBlocks, originalBlockCount: digits.length, state: 'Normal', tag: new Uint8Array(0) };
}

describe('object-level decryption', () => {
  it('squashed-noise FheUint8 (packed pairs), odd block counts, FheInt and FheBool', () => {
    // 0xad = 173 → digits [1, 3, 2, 2] → packed [13, 10]
    const u8 = squashedUint([1, 3, 2, 2]);
    expect(u8.packedBlocks.length).toBe(2);
    expect(decryptSquashedNoiseFheUint(u8, squashKey)).toBe(173n);
    // 5 blocks (10 bits, odd): 0x3ff → all digits 3
    expect(decryptSquashedNoiseFheUint(squashedUint([3, 3, 3, 3, 3]), squashKey)).toBe(0x3ffn);
    // FheInt8 −3 = 0xfd → digits [1, 3, 3, 3]
    expect(decryptSquashedNoiseFheInt(squashedUint([1, 3, 3, 3]), squashKey)).toBe(-3n);
    const bool = { block: squashedBlock(1, 9), state: 'Normal' as const, tag: new Uint8Array(0) };
    expect(decryptSquashedNoiseFheBool(bool, squashKey)).toBe(true);
    expect(decryptSquashedNoiseFheBool({ ...bool, block: squashedBlock(0, 10) }, squashKey)).toBe(false);
  });

  it('squashed-noise objects survive the codec round trip and still decrypt', () => {
    const ct = squashedUint([1, 3, 2, 2, 0, 1]);
    const back = readObject('SquashedNoiseFheUint', writeObject('SquashedNoiseFheUint', ct));
    expect(decryptSquashedNoiseFheUint(back, squashKey)).toBe(173n + (1n << 10n));
  });

  it('client-key encryptions of every width decrypt (FheUint2 … FheUint256, FheInt, FheBool)', () => {
    const key = randomBits(2048, 5);
    const gen = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(3) });
    for (const bits of [2, 8, 16, 32, 64, 128, 256]) {
      const value = (1n << BigInt(bits)) - 1n - BigInt(bits);
      const ct = encryptFheUint(value, bits, key, PARAMS, gen);
      expect(ct.blocks.length).toBe(bits / 2);
      expect(ct.blocks[0].degree).toBe(3);
      expect(decryptFheUint(ct, key)).toBe(value);
    }
    expect(decryptFheInt(encryptFheUint(-77n, 32, key, PARAMS, gen), key)).toBe(-77n);
    const b = encryptFheBool(true, key, PARAMS, gen);
    expect(b.block.degree).toBe(1);
    expect(decryptFheBool(b, key)).toBe(true);
    expect(() => encryptFheUint(1n, 7, key, PARAMS, gen)).toThrow(/multiple of 2/);
  });
});
