// TUniform(b) noise, the distribution of every tfhe-rs parameter set the KMS uses.
import type { RandomSource } from './random.ts';

/** Largest bound for which the sampler's Number arithmetic stays exact (b + 2 random bits < 2^53). */
export const MAX_TUNIFORM_BOUND_LOG2 = 50;

/**
 * `count` TUniform(2^boundLog2) samples as two's-complement u64 words: values in [−2^b, 2^b], each inner value with
 * probability 2^−(b+1) and the two ends with 2^−(b+2). Sampling (tfhe-rs): r = b + 2 random bits,
 * value = (r >> 1) + (r & 1) − 2^b. One random u64 per sample; no BigInt.
 * @example const e = sampleTUniform(gen, 17, 2048); // CPK body noise
 */
export function sampleTUniform(source: RandomSource, boundLog2: number, count: number): BigUint64Array {
  if (!Number.isInteger(boundLog2) || boundLog2 < 0 || boundLog2 > MAX_TUNIFORM_BOUND_LOG2) {
    throw new RangeError(`sampleTUniform: boundLog2 must be an integer in [0, ${MAX_TUNIFORM_BOUND_LOG2}]`);
  }
  const out = new BigUint64Array(count);
  const words = new Uint32Array(out.buffer);
  source.fill(new Uint8Array(out.buffer));
  const bits = boundLog2 + 2;
  const hiBits = Math.max(0, bits - 32);
  const hiMask = hiBits === 0 ? 0 : 2 ** hiBits - 1;
  const loMask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const bound = 2 ** boundLog2;
  for (let i = 0; i < count; i++) {
    const lo = words[2 * i] & loMask;
    const r = (words[2 * i + 1] & hiMask) * 4294967296 + (lo >>> 0);
    const value = Math.floor(r / 2) + (lo & 1) - bound;
    const hi = Math.floor(value / 4294967296);
    words[2 * i] = value - hi * 4294967296;
    words[2 * i + 1] = hi >>> 0;
  }
  return out;
}

/**
 * `count` TUniform samples sign-extended to 128 bits (interleaved lo/hi u64 words), for 2^128-modulus keys.
 * @example const e = sampleTUniform128(gen, 30, 2048);
 */
export function sampleTUniform128(source: RandomSource, boundLog2: number, count: number): BigUint64Array {
  const low = sampleTUniform(source, boundLog2, count);
  const out = new BigUint64Array(2 * count);
  const words = new Uint32Array(low.buffer);
  for (let i = 0; i < count; i++) {
    out[2 * i] = low[i];
    if (words[2 * i + 1] & 0x80000000) out[2 * i + 1] = 0xffffffffffffffffn;
  }
  return out;
}
