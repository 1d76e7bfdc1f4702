// GLWE encryption and the seeded (compressed) key-switching and bootstrapping keys of tfhe-rs, over Z_2^64.
//
// Seeded keys store only bodies; masks are the tfhe-csprng stream of the key's CompressionSeed read in order
// (tfhe-rs forks one contiguous window per ciphertext / GGSW / level / row, and a native-modulus u64 takes 8 bytes).
// Layouts (tfhe-rs 1.7, verified against node-tfhe keys):
// * LWE key-switching key, input key s_in (dim m) → output key s_out (dim n), L levels of base 2^B: ciphertext
//   (i, j) at index i·L + j encrypts s_in[i] · 2^(64 − B·(L − j)) under s_out (j = 0 holds level L, the smallest
//   gadget factor). Masks: stream u64s [n·(i·L + j), +n).
// * GGSW list (bootstrapping key), GLWE key S (k polynomials of size N), encrypting bits m_i: row (i, lv, r) at
//   polynomial index (i·L + lv)·(k+1) + r, level = lv + 1 (factor f = −m_i · 2^(64 − B·level)); rows r < k
//   encrypt S_r · f, row k encrypts the constant −f. Masks: stream u64s [k·N·row, +k·N).
import { AesCtrGenerator, type CompressionSeedParams } from '../csprng/aes-ctr.ts';
import { lweDots } from './lwe.ts';
import { sampleTUniform } from './noise.ts';
import { negacyclicMul, negacyclicMulBinary } from './poly.ts';
import { type RandomSource, uniformU64s } from './random.ts';

/** A GLWE secret key: k polynomials of N coefficients, concatenated (tfhe-rs `GlweSecretKey` data). */
export interface GlweKey {
  data: BigUint64Array;
  glweDimension: number;
  polynomialSize: number;
}

/** Gadget decomposition of a key-switching or bootstrapping key. */
export interface Decomposition {
  baseLog: number;
  level: number;
}

function assertDecomposition(d: Decomposition): void {
  if (!Number.isInteger(d.baseLog) || !Number.isInteger(d.level) || d.baseLog < 1 || d.level < 1) {
    throw new RangeError(
      `decomposition must have positive integer baseLog and level, got ${d.baseLog}/${d.level}`,
    );
  }
  if (d.baseLog * d.level > 64) throw new RangeError('decomposition: baseLog · level must be ≤ 64');
}

function assertGlweKey(key: GlweKey): void {
  if (!(key.data instanceof BigUint64Array) || key.data.length !== key.glweDimension * key.polynomialSize) {
    throw new RangeError('GLWE key data must hold glweDimension · polynomialSize words');
  }
}

function isBinary(key: BigUint64Array): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] > 1n) return false;
  return true;
}

/** Σ_r mask_r · S_r in Z_2^64[X]/(X^N + 1) (the GLWE body before noise and message). */
export function glweMaskProduct(
  mask: BigUint64Array,
  key: GlweKey,
  binaryKey = isBinary(key.data),
): BigUint64Array {
  assertGlweKey(key);
  const { glweDimension: k, polynomialSize: N } = key;
  if (mask.length !== k * N) throw new RangeError(`GLWE mask must hold ${k * N} words, got ${mask.length}`);
  const acc = new BigUint64Array(N);
  const tmp = new BigUint64Array(N);
  for (let r = 0; r < k; r++) {
    const a = mask.subarray(r * N, (r + 1) * N);
    const s = key.data.subarray(r * N, (r + 1) * N);
    (binaryKey ? negacyclicMulBinary : negacyclicMul)(a, s, tmp);
    for (let c = 0; c < N; c++) acc[c] += tmp[c];
  }
  return acc;
}

/**
 * GLWE phase body − Σ mask_r · S_r of a ciphertext stored as k mask polynomials followed by the body.
 * @example const phase = glwePhase(row, glweKey);
 */
export function glwePhase(ct: BigUint64Array, key: GlweKey): BigUint64Array {
  const { glweDimension: k, polynomialSize: N } = key;
  if (ct.length !== (k + 1) * N) throw new RangeError(`GLWE ciphertext must hold ${(k + 1) * N} words`);
  const prod = glweMaskProduct(ct.subarray(0, k * N), key);
  const out = new BigUint64Array(N);
  for (let c = 0; c < N; c++) out[c] = ct[k * N + c] - prod[c];
  return out;
}

/**
 * GLWE encryption of a plaintext polynomial: k mask polynomials from `maskSource`, then body = Σ mask_r·S_r + e + m.
 * @example const ct = glweEncrypt(glweKey, plaintextPoly, 17, gen, gen); // glwePhase(ct, glweKey) ≈ plaintextPoly
 */
export function glweEncrypt(
  key: GlweKey,
  plaintext: BigUint64Array,
  noiseBoundLog2: number,
  maskSource: RandomSource,
  noiseSource: RandomSource,
): BigUint64Array {
  assertGlweKey(key);
  const { glweDimension: k, polynomialSize: N } = key;
  if (plaintext.length !== N) throw new RangeError(`GLWE plaintext must hold ${N} words`);
  const out = new BigUint64Array((k + 1) * N);
  const mask = uniformU64s(maskSource, k * N);
  out.set(mask);
  const body = glweMaskProduct(mask, key);
  const e = sampleTUniform(noiseSource, noiseBoundLog2, N);
  for (let c = 0; c < N; c++) out[k * N + c] = body[c] + e[c] + plaintext[c];
  return out;
}

/** Options shared by the seeded-key encryptions. */
export interface SeededEncryption {
  /** The key's CompressionSeed: masks are regenerated from it. */
  seed: CompressionSeedParams;
  /** TUniform bound log2 of the encryption noise. */
  noiseBoundLog2: number;
  /** Source of the noise (not part of the key's wire form). */
  noise: RandomSource;
}

/** Input coefficients per batch of KSK masks (bounds memory to ~8 MB for n = 918, L = 4). */
const KSK_BATCH_INPUTS = 256;

/** GLWE rows per batch of masks (bounds memory to ~16 MB for k = 1, N = 2048). */
const GGSW_BATCH_ROWS = 256;

/**
 * Bodies of a seeded LWE key-switching key from `inputKey` to `outputKey` (count = inputKey.length · level).
 * @example const bodies = encryptSeededLweKeyswitchKey(bigKey, smallKey, { baseLog: 4, level: 4 }, { seed, noiseBoundLog2: 45, noise });
 */
export function encryptSeededLweKeyswitchKey(
  inputKey: BigUint64Array,
  outputKey: BigUint64Array,
  decomposition: Decomposition,
  enc: SeededEncryption,
): BigUint64Array {
  assertDecomposition(decomposition);
  const { baseLog: B, level: L } = decomposition;
  const n = outputKey.length;
  const m = inputKey.length;
  const masks = AesCtrGenerator.fromCompressionSeed(enc.seed);
  const bodies = new BigUint64Array(m * L);
  const shifts = Array.from({ length: L }, (_, j) => BigInt(64 - B * (L - j)));
  for (let first = 0; first < m; first += KSK_BATCH_INPUTS) {
    const inputs = Math.min(KSK_BATCH_INPUTS, m - first);
    const count = inputs * L;
    const mask = masks.nextU64s(count * n);
    const dots = lweDots(mask, count, n, n, outputKey);
    const noise = sampleTUniform(enc.noise, enc.noiseBoundLog2, count);
    for (let i = 0; i < inputs; i++) {
      const s = inputKey[first + i];
      for (let j = 0; j < L; j++) {
        const c = i * L + j;
        bodies[first * L + c] = dots[c] + noise[c] + (s << shifts[j]);
      }
    }
  }
  return bodies;
}

/**
 * Bodies of a seeded LWE ciphertext list encrypting `plaintexts` under `key` (masks: n stream words per ciphertext,
 * in order) — e.g. the encryptions of zero of a drift-technique modulus-switch key.
 * @example const zeros = encryptSeededLweList(smallKey, new BigUint64Array(10), enc);
 */
export function encryptSeededLweList(
  key: BigUint64Array,
  plaintexts: BigUint64Array,
  enc: SeededEncryption,
): BigUint64Array {
  const n = key.length;
  const count = plaintexts.length;
  const mask = AesCtrGenerator.fromCompressionSeed(enc.seed).nextU64s(count * n);
  const bodies = lweDots(mask, count, n, n, key);
  const noise = sampleTUniform(enc.noise, enc.noiseBoundLog2, count);
  for (let c = 0; c < count; c++) bodies[c] += noise[c] + plaintexts[c];
  return bodies;
}

/**
 * Full LWE ciphertexts ((n + 1) words each, mask then body) of a seeded key-switching key: masks regenerated from
 * the seed. This is tfhe-rs `decompress_seeded_lwe_keyswitch_key` (and, identically, the decompression of any seeded
 * LWE ciphertext list).
 * @example const cts = decompressLweKeyswitchKey(ksk.bodies, 918, ksk.seed);
 */
export function decompressLweKeyswitchKey(
  bodies: BigUint64Array,
  outputDimension: number,
  seed: CompressionSeedParams,
): BigUint64Array {
  const n = outputDimension;
  const count = bodies.length;
  const masks = AesCtrGenerator.fromCompressionSeed(seed).nextU64s(count * n);
  const out = new BigUint64Array(count * (n + 1));
  for (let c = 0; c < count; c++) {
    out.set(masks.subarray(c * n, (c + 1) * n), c * (n + 1));
    out[c * (n + 1) + n] = bodies[c];
  }
  return out;
}

/**
 * Bodies of a seeded LWE packing key-switching key (LWE key → GLWE key, used by ciphertext-list compression):
 * for input coefficient i, L GLWE ciphertexts (j = 0 holds level L) encrypt the constant polynomial
 * s_in[i] · 2^(64 − B·(L − j)); body polynomial (i·L + j) at words [N·(i·L + j), +N), masks k·N stream words each
 * (tfhe-rs `generate_seeded_lwe_packing_keyswitch_key`).
 * @example const bodies = encryptSeededLwePackingKeyswitchKey(bigKey, compressionKey, { baseLog: 4, level: 3 }, enc);
 */
export function encryptSeededLwePackingKeyswitchKey(
  inputKey: BigUint64Array,
  outputKey: GlweKey,
  decomposition: Decomposition,
  enc: SeededEncryption,
): BigUint64Array {
  assertGlweKey(outputKey);
  assertDecomposition(decomposition);
  const { glweDimension: k, polynomialSize: N } = outputKey;
  const { baseLog: B, level: L } = decomposition;
  const masks = AesCtrGenerator.fromCompressionSeed(enc.seed);
  const rows = inputKey.length * L;
  const bodies = new BigUint64Array(rows * N);
  const binaryKey = isBinary(outputKey.data);
  for (let first = 0; first < rows; first += GGSW_BATCH_ROWS) {
    const count = Math.min(GGSW_BATCH_ROWS, rows - first);
    const mask = masks.nextU64s(count * k * N);
    const noise = sampleTUniform(enc.noise, enc.noiseBoundLog2, count * N);
    for (let t = 0; t < count; t++) {
      const row = first + t;
      const body = glweMaskProduct(mask.subarray(t * k * N, (t + 1) * k * N), outputKey, binaryKey);
      const e = noise.subarray(t * N, (t + 1) * N);
      for (let c = 0; c < N; c++) body[c] += e[c];
      body[0] += inputKey[Math.floor(row / L)] << BigInt(64 - B * (L - (row % L)));
      bodies.set(body, row * N);
    }
  }
  return bodies;
}

/**
 * Full GLWE ciphertexts (k mask polynomials then the body) of a seeded GLWE list — a packing key-switching key or
 * any seeded GLWE ciphertext list; masks regenerated from the seed.
 * @example const cts = decompressGlweList(pksk.bodies, 4, 256, pksk.seed);
 */
export function decompressGlweList(
  bodies: BigUint64Array,
  glweDimension: number,
  polynomialSize: number,
  seed: CompressionSeedParams,
): BigUint64Array {
  return decompressGgswList(bodies, glweDimension, polynomialSize, seed);
}

/**
 * Bodies of a seeded GGSW list encrypting `messages` (u64 words, 0/1 for a bootstrapping key) under `key`:
 * messages.length · level · (k + 1) body polynomials of N words. Used for the BSK and the OPRF BSK.
 * @example const bodies = encryptSeededGgswList(glweKey, smallKey, { baseLog: 23, level: 1 }, { seed, noiseBoundLog2: 17, noise });
 */
export function encryptSeededGgswList(
  key: GlweKey,
  messages: BigUint64Array,
  decomposition: Decomposition,
  enc: SeededEncryption,
): BigUint64Array {
  assertGlweKey(key);
  assertDecomposition(decomposition);
  const { glweDimension: k, polynomialSize: N } = key;
  const { baseLog: B, level: L } = decomposition;
  const rowsPerGgsw = L * (k + 1);
  const totalRows = messages.length * rowsPerGgsw;
  const masks = AesCtrGenerator.fromCompressionSeed(enc.seed);
  const bodies = new BigUint64Array(totalRows * N);
  const binaryKey = isBinary(key.data);
  for (let firstRow = 0; firstRow < totalRows; firstRow += GGSW_BATCH_ROWS) {
    const rows = Math.min(GGSW_BATCH_ROWS, totalRows - firstRow);
    const mask = masks.nextU64s(rows * k * N);
    const noise = sampleTUniform(enc.noise, enc.noiseBoundLog2, rows * N);
    for (let t = 0; t < rows; t++) {
      const row = firstRow + t;
      const r = row % (k + 1);
      const lv = Math.floor(row / (k + 1)) % L;
      const i = Math.floor(row / rowsPerGgsw);
      const factor = BigInt.asUintN(64, -messages[i] << BigInt(64 - B * (lv + 1)));
      const body = glweMaskProduct(mask.subarray(t * k * N, (t + 1) * k * N), key, binaryKey);
      const e = noise.subarray(t * N, (t + 1) * N);
      for (let c = 0; c < N; c++) body[c] += e[c];
      if (r < k) {
        if (factor !== 0n) {
          const s = key.data.subarray(r * N, (r + 1) * N);
          for (let c = 0; c < N; c++) body[c] += s[c] * factor;
        }
      } else body[0] -= factor;
      bodies.set(body, row * N);
    }
  }
  return bodies;
}

/**
 * Full GGSW list (each row: k mask polynomials then the body) from seeded bodies: tfhe-rs
 * `decompress_seeded_ggsw_ciphertext_list` / the BSK part of `CompressedServerKey::decompress`.
 * @example const rows = decompressGgswList(bsk.bodies, 1, 2048, bsk.seed); // rows.length = 918·1·2·2·2048
 */
export function decompressGgswList(
  bodies: BigUint64Array,
  glweDimension: number,
  polynomialSize: number,
  seed: CompressionSeedParams,
): BigUint64Array {
  const k = glweDimension;
  const N = polynomialSize;
  if (bodies.length % N !== 0) throw new RangeError('GGSW bodies must be whole polynomials');
  const rows = bodies.length / N;
  const masks = AesCtrGenerator.fromCompressionSeed(seed).nextU64s(rows * k * N);
  const out = new BigUint64Array(rows * (k + 1) * N);
  for (let row = 0; row < rows; row++) {
    const o = row * (k + 1) * N;
    out.set(masks.subarray(row * k * N, (row + 1) * k * N), o);
    out.set(bodies.subarray(row * N, (row + 1) * N), o + k * N);
  }
  return out;
}

/**
 * The message a GGSW row (i, lv, r) must decrypt to, for checks: rows r < k → S_r · f, row k → −f at X^0, with
 * f = −m · 2^(64 − B·(lv + 1)).
 */
export function ggswRowMessage(
  key: GlweKey,
  message: bigint,
  decomposition: Decomposition,
  levelIndex: number,
  row: number,
): BigUint64Array {
  const { glweDimension: k, polynomialSize: N } = key;
  const factor = BigInt.asUintN(64, -message << BigInt(64 - decomposition.baseLog * (levelIndex + 1)));
  const out = new BigUint64Array(N);
  if (row < k) for (let c = 0; c < N; c++) out[c] = key.data[row * N + c] * factor;
  else out[0] = -factor;
  return out;
}
