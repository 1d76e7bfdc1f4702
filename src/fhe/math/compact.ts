// Compact public-key encryption material: the compact public key relation and compact ciphertext lists read
// without expansion (no server key, no PBS), as tfhe-rs lays them out.
//
// A compact list of `count` LWEs of dimension n stores ceil(count / n) mask "bins" of n words, then `count` bodies.
// Ciphertext j lives in bin ⌊j/n⌋; with jj = j mod n its mask is mask_bin · X^jj in Z[X]/(X^n + 1).
import { lweDots } from './lwe.ts';
import { sampleTUniform } from './noise.ts';
import { semiReverseNegacyclicMul } from './poly.ts';
import type { RandomSource } from './random.ts';
import { type BlockEncoding, decodeBlocks } from './torus.ts';

/** The LWE part of a compact ciphertext list (tfhe-rs `LweCompactCiphertextList`). */
export interface CompactLweList {
  /** bins · n mask words, then `count` bodies. */
  data: BigUint64Array;
  lweDimension: number;
  count: number;
}

/** Below this many ciphertexts in a bin, per-ciphertext dot products beat one full polynomial product. */
const PRODUCT_THRESHOLD = 32;

function binsOf(list: CompactLweList): number {
  const { data, lweDimension: n, count } = list;
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(count) || count < 0) {
    throw new RangeError('compact list: lweDimension and count must be positive integers');
  }
  const bins = Math.ceil(count / n);
  if (data.length !== bins * n + count) {
    throw new RangeError(
      `compact list: expected ${bins * n + count} words for ${count} LWEs of dimension ${n}`,
    );
  }
  return bins;
}

/**
 * The standalone LWE ciphertext j (n mask words, then the body) of a compact list.
 * @example const ct = compactListLwe(list, 3); // decrypt with lwePhases(ct, key)
 */
export function compactListLwe(list: CompactLweList, j: number): BigUint64Array {
  const bins = binsOf(list);
  const n = list.lweDimension;
  if (!Number.isInteger(j) || j < 0 || j >= list.count)
    throw new RangeError(`compactListLwe: index ${j} out of range`);
  const bin = Math.floor(j / n);
  const jj = j % n;
  const mask = list.data.subarray(bin * n, (bin + 1) * n);
  const out = new BigUint64Array(n + 1);
  for (let i = jj; i < n; i++) out[i] = mask[i - jj];
  for (let i = 0; i < jj; i++) out[i] = -mask[n + i - jj];
  out[n] = list.data[bins * n + j];
  return out;
}

/**
 * Phases of every LWE of a compact list. A full bin costs one semi-reverse product (coefficient n−1−jj of
 * mask · rev(s) is ⟨mask · X^jj, s⟩); a sparse bin uses per-ciphertext dot products.
 * @example const phases = compactListPhases(list, compactKey);
 */
export function compactListPhases(list: CompactLweList, key: BigUint64Array): BigUint64Array {
  const bins = binsOf(list);
  const n = list.lweDimension;
  if (key.length !== n) throw new RangeError(`compact list has dimension ${n}, key has ${key.length}`);
  const out = new BigUint64Array(list.count);
  const bodies = list.data.subarray(bins * n);
  for (let bin = 0; bin < bins; bin++) {
    const first = bin * n;
    const inBin = Math.min(n, list.count - first);
    const mask = list.data.subarray(first, first + n);
    if (inBin >= PRODUCT_THRESHOLD && n % 4 === 0) {
      const prod = semiReverseNegacyclicMul(mask, key);
      for (let jj = 0; jj < inBin; jj++) out[first + jj] = bodies[first + jj] - prod[n - 1 - jj];
    } else {
      const rotated = new BigUint64Array(inBin * n);
      for (let jj = 0; jj < inBin; jj++) {
        const o = jj * n;
        for (let i = jj; i < n; i++) rotated[o + i] = mask[i - jj];
        for (let i = 0; i < jj; i++) rotated[o + i] = -mask[n + i - jj];
      }
      const dots = lweDots(rotated, inBin, n, n, key);
      for (let jj = 0; jj < inBin; jj++) out[first + jj] = bodies[first + jj] - dots[jj];
    }
  }
  return out;
}

/**
 * Decrypts every LWE of a compact list to its raw block value (message + carry; packed lists hold lo + msg·hi).
 * @example const raw = decryptCompactList(list, cpkSecret, MSG2_CARRY2);
 */
export function decryptCompactList(
  list: CompactLweList,
  key: BigUint64Array,
  encoding: BlockEncoding,
): Uint8Array {
  return decodeBlocks(compactListPhases(list, key), encoding);
}

/**
 * Body of a compact public key: b = mask · rev(s) + e mod (X^N + 1, 2^64), e ~ TUniform(2^noiseBoundLog2).
 * @example const body = compactPublicKeyBody(mask, compactKey, 17, noiseGen);
 */
export function compactPublicKeyBody(
  mask: BigUint64Array,
  key: BigUint64Array,
  noiseBoundLog2: number,
  noise: RandomSource,
): BigUint64Array {
  if (mask.length !== key.length) throw new RangeError('compact public key: mask and key sizes differ');
  const body = semiReverseNegacyclicMul(mask, key, true);
  const e = sampleTUniform(noise, noiseBoundLog2, key.length);
  for (let i = 0; i < body.length; i++) body[i] += e[i];
  return body;
}
