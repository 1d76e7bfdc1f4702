// LWE encryption and decryption over Z_2^64. A ciphertext is n mask words followed by the body (tfhe-rs order);
// batches are ciphertexts stored back to back ((n + 1) words each).
import { dotBatchKernel } from './kernels.ts';
import { sampleTUniform } from './noise.ts';
import { type RandomSource, uniformU64s } from './random.ts';
import { type BlockEncoding, decodeBlocks, encodeBlock } from './torus.ts';

function assertKey(key: unknown, n: number): asserts key is BigUint64Array {
  if (!(key instanceof BigUint64Array)) throw new TypeError('key must be a BigUint64Array');
  if (key.length !== n) throw new RangeError(`key has dimension ${key.length}, ciphertexts have ${n}`);
}

/**
 * ⟨vecs[c], key⟩ mod 2^64 for `count` vectors of dimension n laid out with `stride` words.
 * @example const dots = lweDots(masks, 8192, 918, 918, smallKey);
 */
export function lweDots(vecs: BigUint64Array, count: number, n: number, stride: number, key: BigUint64Array) {
  assertKey(key, n);
  if (!(vecs instanceof BigUint64Array)) throw new TypeError('vecs must be a BigUint64Array');
  if (count > 0 && (count - 1) * stride + n > vecs.length) {
    throw new RangeError(`lweDots: ${count} vectors of stride ${stride} need more than ${vecs.length} words`);
  }
  const out = new BigUint64Array(count);
  if (count > 0) dotBatchKernel(vecs, count, n, stride, key, out);
  return out;
}

/**
 * Phases b − ⟨a, s⟩ of back-to-back LWE ciphertexts of dimension key.length (binary or arbitrary u64 key).
 * @example const phases = lwePhases(blocks, bigKey); // blocks.length = count · (2048 + 1)
 */
export function lwePhases(cts: BigUint64Array, key: BigUint64Array): BigUint64Array {
  const n = key.length;
  const size = n + 1;
  if (!(cts instanceof BigUint64Array) || cts.length % size !== 0) {
    throw new RangeError(
      `lwePhases: ciphertext words (${cts?.length}) must be a multiple of n + 1 = ${size}`,
    );
  }
  const count = cts.length / size;
  const out = lweDots(cts, count, n, size, key);
  for (let c = 0; c < count; c++) out[c] = cts[c * size + n] - out[c];
  return out;
}

/**
 * Decrypts back-to-back 64-bit LWE blocks to message + carry values (the KMS's plain decryption hot path).
 * @example const values = decryptLweBlocks(blocks, bigKey, MSG2_CARRY2); // Uint8Array, one value per block
 */
export function decryptLweBlocks(
  cts: BigUint64Array,
  key: BigUint64Array,
  encoding: BlockEncoding,
): Uint8Array {
  return decodeBlocks(lwePhases(cts, key), encoding);
}

/**
 * Encrypts plaintexts (already scaled, e.g. by `encodeBlock`) under `key`: masks from `maskSource`, TUniform noise
 * from `noiseSource`. Returns back-to-back ciphertexts.
 * @example const cts = lweEncrypt(bigKey, [encodeBlock(3, MSG2_CARRY2)], 17, gen, gen);
 */
export function lweEncrypt(
  key: BigUint64Array,
  plaintexts: readonly bigint[] | BigUint64Array,
  noiseBoundLog2: number,
  maskSource: RandomSource,
  noiseSource: RandomSource,
): BigUint64Array {
  const n = key.length;
  const count = plaintexts.length;
  const size = n + 1;
  const masks = uniformU64s(maskSource, n * count);
  const bodies = lweDots(masks, count, n, n, key);
  const noise = sampleTUniform(noiseSource, noiseBoundLog2, count);
  const out = new BigUint64Array(size * count);
  for (let c = 0; c < count; c++) {
    out.set(masks.subarray(c * n, (c + 1) * n), c * size);
    out[c * size + n] = bodies[c] + noise[c] + BigInt.asUintN(64, plaintexts[c]);
  }
  return out;
}

/**
 * Encrypts block values (message + carry) as shortint ciphertexts.
 * @example const cts = encryptLweBlocks(bigKey, [1, 3, 2, 2], MSG2_CARRY2, 17, gen, gen); // FheUint8 173
 */
export function encryptLweBlocks(
  key: BigUint64Array,
  values: ArrayLike<number>,
  encoding: BlockEncoding,
  noiseBoundLog2: number,
  maskSource: RandomSource,
  noiseSource: RandomSource,
): BigUint64Array {
  const pts = Array.from(values, (v) => encodeBlock(v, encoding));
  return lweEncrypt(key, pts, noiseBoundLog2, maskSource, noiseSource);
}
