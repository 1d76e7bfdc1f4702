// Sources of randomness for the TFHE math: anything that fills bytes. The tfhe-csprng generator
// (`AesCtrGenerator`) is one; `systemRandom` is the OS CSPRNG for non-deterministic use.
import { randomFillSync } from 'node:crypto';

/** Fills a byte array with random bytes; `AesCtrGenerator` implements it. */
export interface RandomSource {
  fill(out: Uint8Array): Uint8Array;
}

/**
 * The OS CSPRNG as a `RandomSource`.
 * @example const mask = uniformU64s(systemRandom, 2048);
 */
export const systemRandom: RandomSource = {
  fill(out: Uint8Array): Uint8Array {
    // randomFillSync rejects requests above 2^31 − 1 bytes; chunk to stay below.
    for (let o = 0; o < out.length; o += 1 << 30)
      randomFillSync(out.subarray(o, Math.min(out.length, o + (1 << 30))));
    return out;
  },
};

/**
 * `count` uniform u64 words (8 LE bytes each, the order tfhe-rs reads masks in).
 * @example const mask = uniformU64s(gen, 918);
 */
export function uniformU64s(source: RandomSource, count: number): BigUint64Array {
  const out = new BigUint64Array(count);
  source.fill(new Uint8Array(out.buffer));
  return out;
}

/**
 * `count` uniform binary key words (0n/1n u64, as tfhe-rs stores `LweSecretKey`/`GlweSecretKey`).
 * @example const lweKey = uniformBinaryKey(gen, 918);
 */
export function uniformBinaryKey(source: RandomSource, count: number): BigUint64Array {
  const bytes = source.fill(new Uint8Array(Math.ceil(count / 8)));
  const out = new BigUint64Array(count);
  for (let i = 0; i < count; i++) if ((bytes[i >> 3] >> (i & 7)) & 1) out[i] = 1n;
  return out;
}
