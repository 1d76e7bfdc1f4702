import { describe, expect, test } from 'vitest';
import { CodecError } from '../codec/index.ts';
import { packIntegers, unpackIntegers } from './packed.ts';

/** tfhe-rs PackedIntegers::pack transcribed with BigInt (reference only). */
function referencePack(values: bigint[], log: number, bits: number): bigint[] {
  const B = BigInt(bits);
  const len = Math.ceil((values.length * log) / bits);
  const mask = (1n << B) - 1n;
  const out: bigint[] = [];
  for (let i = 0; i < len; i++) {
    const k = Math.floor((bits * i) / log);
    let j = k;
    const startShift = BigInt(i * bits - j * log);
    let value = values[j] >> startShift;
    j++;
    while (j * log < (i + 1) * bits && j < values.length) {
      value |= (values[j] << BigInt(j * log - i * bits)) & mask;
      j++;
    }
    out.push(value & mask);
  }
  return out;
}

function random(n: number, log: number): bigint[] {
  return Array.from({ length: n }, () => {
    let v = 0n;
    for (let b = 0; b < log; b += 16) v = (v << 16n) | BigInt(Math.floor(Math.random() * 65536));
    return v & ((1n << BigInt(log)) - 1n);
  });
}

function toWords(values: bigint[], bits: number): BigUint64Array {
  const w = new BigUint64Array(values.length * (bits / 64));
  values.forEach((v, i) => {
    w[i * (bits / 64)] = BigInt.asUintN(64, v);
    if (bits === 128) w[2 * i + 1] = v >> 64n;
  });
  return w;
}

describe('PackedIntegers', () => {
  test.each([
    [64, 1],
    [64, 9],
    [64, 12],
    [64, 31],
    [64, 32],
    [64, 33],
    [64, 63],
    [64, 64],
    [128, 41],
    [128, 70],
    [128, 127],
    [128, 128],
  ] as const)('%i-bit words, log modulus %i: matches the tfhe-rs packing and round-trips', (bits, log) => {
    const values = random(257, log);
    const packed = packIntegers(toWords(values, bits), log, bits);
    expect(packed.initialLen).toBe(257);
    expect(packed.packedCoeffs).toEqual(toWords(referencePack(values, log, bits), bits));
    expect(unpackIntegers(packed, bits)).toEqual(toWords(values, bits));
  });

  test('values wider than the log modulus and wrong packed lengths are rejected', () => {
    expect(() => packIntegers(new BigUint64Array([1n << 12n]), 12, 64)).toThrow(CodecError);
    expect(() =>
      unpackIntegers({ packedCoeffs: new BigUint64Array(1), logModulus: 12, initialLen: 10 }, 64),
    ).toThrow(/1 packed words, expected 2/);
  });
});
