// Bit packing of PackedIntegers (compressed ciphertext lists): value j occupies bits [j·log, (j+1)·log) of the
// little-endian bit stream formed by the packed words, as tfhe-rs `PackedIntegers::pack` lays them out. Works on
// 32-bit lanes (no BigInt), for 64-bit (1 word per value) and 128-bit (2 words, lo/hi) scalars.
import { CodecError } from '../codec/index.ts';
import type { PackedIntegers } from './types.ts';

function lanes(words: BigUint64Array): Uint32Array {
  return new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
}

function checkBits(bits: number, logModulus: number): void {
  if (bits !== 64 && bits !== 128)
    throw new CodecError('InvalidArgument', 'PackedIntegers', `bits must be 64 or 128, got ${bits}`);
  if (!Number.isInteger(logModulus) || logModulus < 1 || logModulus > bits) {
    throw new CodecError(
      'InvalidArgument',
      'PackedIntegers',
      `log modulus ${logModulus} outside [1, ${bits}]`,
    );
  }
}

/** Unpacks to `initialLen` values of `bits` bits: a BigUint64Array of initialLen (64) or 2·initialLen (128, lo/hi)
 * words.
 * @example unpackIntegers(glwe.packedIntegers, 64) // modulus-switched GLWE coefficients, each < 2^logModulus
 */
export function unpackIntegers(p: PackedIntegers, bits: 64 | 128): BigUint64Array {
  checkBits(bits, p.logModulus);
  const wordsPerValue = bits / 64;
  const expected = Math.ceil((p.initialLen * p.logModulus) / bits) * wordsPerValue;
  if (p.packedCoeffs.length !== expected) {
    throw new CodecError(
      'InvalidValue',
      'PackedIntegers',
      `${p.packedCoeffs.length} packed words, expected ${expected}`,
    );
  }
  const src = lanes(p.packedCoeffs);
  const out = new BigUint64Array(p.initialLen * wordsPerValue);
  const dst = lanes(out);
  const log = p.logModulus;
  const lanesPerValue = bits / 32;
  for (let j = 0; j < p.initialLen; j++) {
    for (let t = 0; t * 32 < log; t++) {
      const n = Math.min(32, log - 32 * t);
      const pos = j * log + 32 * t;
      const w = Math.floor(pos / 32);
      const shift = pos % 32;
      let v = src[w] >>> shift;
      if (shift !== 0 && shift + n > 32) v |= src[w + 1] << (32 - shift);
      dst[j * lanesPerValue + t] = n === 32 ? v >>> 0 : v & ((1 << n) - 1);
    }
  }
  return out;
}

/** Packs values (initialLen or 2·initialLen words) of at most `logModulus` bits, inverse of unpackIntegers.
 * @example packIntegers(coefficients, 12, 64).packedCoeffs.length // ceil(n · 12 / 64)
 */
export function packIntegers(values: BigUint64Array, logModulus: number, bits: 64 | 128): PackedIntegers {
  checkBits(bits, logModulus);
  const wordsPerValue = bits / 64;
  if (values.length % wordsPerValue !== 0) {
    throw new CodecError(
      'InvalidArgument',
      'PackedIntegers',
      `odd word count ${values.length} for 128-bit values`,
    );
  }
  const initialLen = values.length / wordsPerValue;
  const packedCoeffs = new BigUint64Array(Math.ceil((initialLen * logModulus) / bits) * wordsPerValue);
  const src = lanes(values);
  const dst = lanes(packedCoeffs);
  const lanesPerValue = bits / 32;
  for (let j = 0; j < initialLen; j++) {
    for (let t = 0; t < lanesPerValue; t++) {
      const n = Math.max(0, Math.min(32, logModulus - 32 * t));
      const v = src[j * lanesPerValue + t];
      if (n < 32 && v >>> n !== 0) {
        throw new CodecError(
          'InvalidArgument',
          'PackedIntegers',
          `value ${j} does not fit in ${logModulus} bits`,
        );
      }
      if (n === 0) continue;
      const pos = j * logModulus + 32 * t;
      const w = Math.floor(pos / 32);
      const shift = pos % 32;
      dst[w] |= v << shift;
      if (shift !== 0 && shift + n > 32) dst[w + 1] |= v >>> (32 - shift);
    }
  }
  return { packedCoeffs, logModulus, initialLen };
}
