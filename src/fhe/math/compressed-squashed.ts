// Compressed squashed-noise lists (tfhe-rs CompressedSquashedNoiseCiphertextList): squashed 128-bit LWEs packed by a
// key switch into GLWE ciphertexts under the noise-squashing compression key, LWE j of a GLWE in its body
// coefficient j, then stored as PackedIntegers (tfhe-rs 1.7 keeps all 128 bits: log modulus 128, no rounding).
// Reading element j back is a sample extraction: an LWE of dimension k·N under the flattened GLWE key, so it
// decrypts, and threshold-decrypts, like any other squashed block.
// u128 values are interleaved lo/hi u64 words throughout.
import type {
  CompressedModulusSwitchedGlweCiphertext,
  CompressedSquashedNoiseCiphertextList,
  DataKind,
  PackedIntegers,
} from '../objects/types.ts';
import type { NoiseSquashingCompressionParameters } from '../params/types.ts';
import { sampleTUniform128 } from './noise.ts';
import { radixRecompose, unpackCompactBlocks } from './radix.ts';
import { type RandomSource, uniformU64s } from './random.ts';
import type { GlweKey } from './seeded-keys.ts';
import { decodeSquashedBlocks, lwePhases128, squashedDeltaLog2 } from './squashed.ts';

/**
 * The `initialLen` values of a PackedIntegers<u128> (a little-endian bit stream of `logModulus`-bit values), lifted
 * back to the 128-bit torus (× 2^(128 − logModulus)). At log modulus 128 this is a view of the packed words.
 * @example const coeffs = unpackIntegers128(glwe.packedIntegers) // 2·(k·N + bodies) words
 */
export function unpackIntegers128(packed: PackedIntegers): BigUint64Array {
  const { logModulus: log, initialLen } = packed;
  if (!Number.isInteger(log) || log < 1 || log > 128)
    throw new RangeError(`unpackIntegers128: log modulus ${log} outside [1, 128]`);
  const words = packed.packedCoeffs;
  if (words.length !== 2 * Math.ceil((initialLen * log) / 128))
    throw new RangeError(`unpackIntegers128: ${words.length} words cannot hold ${initialLen} × ${log} bits`);
  // The format tfhe-rs writes: one value per u128, nothing to shift.
  if (log === 128) return words.subarray(0, 2 * initialLen);
  const out = new BigUint64Array(2 * initialLen);
  const mask = (1n << BigInt(log)) - 1n;
  const lift = BigInt(128 - log);
  const word = (w: number) => (w < words.length / 2 ? words[2 * w] | (words[2 * w + 1] << 64n) : 0n);
  for (let j = 0; j < initialLen; j++) {
    const bit = j * log;
    const w = Math.floor(bit / 128);
    const shift = BigInt(bit % 128);
    const v = (((word(w) >> shift) | (word(w + 1) << (128n - shift))) & mask) << lift;
    out[2 * j] = BigInt.asUintN(64, v);
    out[2 * j + 1] = BigInt.asUintN(64, v >> 64n);
  }
  return out;
}

/**
 * Modulus-switches 128-bit values to 2^logModulus (rounding, as tfhe-rs' modulus_switch) and bit-packs them.
 * @example const packed = packIntegers128(glweWords, 128)
 */
export function packIntegers128(values: BigUint64Array, logModulus: number): PackedIntegers {
  if (!Number.isInteger(logModulus) || logModulus < 1 || logModulus > 128)
    throw new RangeError(`packIntegers128: log modulus ${logModulus} outside [1, 128]`);
  const count = values.length / 2;
  if (logModulus === 128) return { packedCoeffs: values.slice(), logModulus, initialLen: count };
  const packedCount = Math.ceil((count * logModulus) / 128);
  let stream = 0n;
  const drop = BigInt(128 - logModulus);
  const mask = (1n << BigInt(logModulus)) - 1n;
  for (let j = 0; j < count; j++) {
    const v = values[2 * j] | (values[2 * j + 1] << 64n);
    const switched = (((v >> (drop - 1n)) + 1n) >> 1n) & mask;
    stream |= switched << BigInt(j * logModulus);
  }
  const packedCoeffs = new BigUint64Array(2 * packedCount);
  for (let w = 0; w < 2 * packedCount; w++) packedCoeffs[w] = BigInt.asUintN(64, stream >> BigInt(64 * w));
  return { packedCoeffs, logModulus, initialLen: count };
}

/**
 * Sample-extracts body coefficients `indices` of a compressed GLWE as back-to-back 128-bit LWEs of dimension k·N
 * under the flattened GLWE key: mask_{jN+l} = a_j[i − l] for l ≤ i, −a_j[N + i − l] for l > i (X^N = −1).
 * `into` writes them at a word offset of an existing array (returned as a view) instead of a new one.
 * @example const lwes = extractSquashedLwes(list.glweCiphertexts[0], [0, 1, 2])
 */
export function extractSquashedLwes(
  glwe: CompressedModulusSwitchedGlweCiphertext,
  indices: readonly number[],
  coefficients: BigUint64Array = unpackIntegers128(glwe.packedIntegers),
  into?: { words: BigUint64Array; at: number },
): BigUint64Array {
  const k = glwe.glweDimension;
  const N = glwe.polynomialSize;
  const n = k * N;
  if (coefficients.length !== 2 * (n + glwe.bodiesCount))
    throw new RangeError(
      `extractSquashedLwes: ${coefficients.length / 2} coefficients, expected k·N + bodies`,
    );
  const size = indices.length * 2 * (n + 1);
  const out = into ? into.words.subarray(into.at, into.at + size) : new BigUint64Array(size);
  if (out.length !== size) throw new RangeError('extractSquashedLwes: the output is too short');
  const src = new Uint32Array(coefficients.buffer, coefficients.byteOffset, coefficients.length * 2);
  const dst = new Uint32Array(out.buffer, out.byteOffset, size * 2);
  indices.forEach((i, c) => {
    if (!Number.isInteger(i) || i < 0 || i >= glwe.bodiesCount)
      throw new RangeError(`extractSquashedLwes: body ${i} outside [0, ${glwe.bodiesCount})`);
    const base = c * 4 * (n + 1);
    // Limb by limb on u32 views (no BigInt, no per-coefficient allocation): this loop is the cost of planning.
    for (let j = 0; j < k; j++) {
      const poly = 4 * j * N;
      let to = base + poly;
      for (let from = poly + 4 * i; from >= poly; from -= 4, to += 4) {
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
        dst[to + 2] = src[from + 2];
        dst[to + 3] = src[from + 3];
      }
      // −a mod 2^128 = ~a + 1, carried through the limbs.
      for (let from = poly + 4 * (N - 1), end = poly + 4 * i; from > end; from -= 4, to += 4) {
        let v = (~src[from] >>> 0) + 1;
        dst[to] = v;
        v = (~src[from + 1] >>> 0) + (v > 0xffffffff ? 1 : 0);
        dst[to + 1] = v;
        v = (~src[from + 2] >>> 0) + (v > 0xffffffff ? 1 : 0);
        dst[to + 2] = v;
        dst[to + 3] = (~src[from + 3] >>> 0) + (v > 0xffffffff ? 1 : 0);
      }
    }
    dst.set(src.subarray(4 * (n + i), 4 * (n + i) + 4), base + 4 * n);
  });
  return out;
}

/** A compressed GLWE read for phase computation without sample extraction (see `squashedGlweWindows`). */
export interface SquashedGlweWindows {
  /**
   * k arrays E_j of 2N Z_2^128 values back to back (4·k·N words): E_j[q] = a_j[N − 1 − q] for q < N and
   * −a_j[2N − 1 − q] for q ≥ N, so the sample-extracted mask of body i restricted to polynomial j is the window
   * E_j[N − 1 − i … 2N − 2 − i].
   */
  readonly windows: BigUint64Array;
  /** The bodiesCount body values (lo, hi words). */
  readonly bodies: BigUint64Array;
}

/** A compressed GLWE's coefficients as Z_2^128 values (lo, hi words): its k·N mask values, then its bodies. */
export interface SquashedGlweCoefficients {
  /**
   * The k mask polynomials a_j of N values back to back (2·k·N words), or their 16·k·N little-endian bytes when the
   * GLWE was read in place from unaligned bytes (`PackedIntegers.packedBytes`: not copied).
   */
  readonly mask: BigUint64Array | Uint8Array;
  /** The bodiesCount body values. */
  readonly bodies: BigUint64Array;
}

/**
 * The mask and bodies of a compressed GLWE after checking its shape: views of the packed words (or of their bytes)
 * at log modulus 128 (what tfhe-rs writes: the mask is not copied), unpacked and lifted below.
 * @example const { mask, bodies } = squashedGlweCoefficients(list.glweCiphertexts[0])
 */
export function squashedGlweCoefficients(
  glwe: CompressedModulusSwitchedGlweCiphertext,
): SquashedGlweCoefficients {
  const n = checkedMaskLength(glwe, 'squashedGlweCoefficients');
  const { packedBytes, logModulus } = glwe.packedIntegers;
  if (packedBytes && logModulus === 128) {
    const bodies = new BigUint64Array(2 * glwe.bodiesCount);
    new Uint8Array(bodies.buffer).set(packedBytes.subarray(16 * n, 16 * (n + glwe.bodiesCount)));
    return { mask: packedBytes.subarray(0, 16 * n), bodies };
  }
  const values = unpackIntegers128(glwe.packedIntegers);
  return { mask: values.subarray(0, 2 * n), bodies: values.subarray(2 * n, 2 * (n + glwe.bodiesCount)) };
}

/** k·N after checking a compressed GLWE's bodies count, log modulus and packed length. */
function checkedMaskLength(glwe: CompressedModulusSwitchedGlweCiphertext, what: string): number {
  const N = glwe.polynomialSize;
  const n = glwe.glweDimension * N;
  const { logModulus: log, initialLen, packedBytes } = glwe.packedIntegers;
  if (!Number.isInteger(log) || log < 1 || log > 128)
    throw new RangeError(`${what}: log modulus ${log} outside [1, 128]`);
  // Not packedCoeffs when read in place from unaligned bytes: reading it would copy them.
  const words = packedBytes ? packedBytes.length / 8 : glwe.packedIntegers.packedCoeffs.length;
  const bodies = glwe.bodiesCount;
  if (!Number.isInteger(bodies) || bodies < 0 || bodies > N)
    throw new RangeError(`${what}: ${bodies} bodies, expected at most N = ${N}`);
  if (initialLen !== n + bodies)
    throw new RangeError(`${what}: ${initialLen} coefficients, expected k·N + bodies`);
  if (words !== 2 * Math.ceil((initialLen * log) / 128))
    throw new RangeError(`${what}: ${words} words cannot hold ${initialLen} × ${log} bits`);
  return n;
}

/**
 * 32 bits of a little-endian bit stream from bit `p` on (p may be negative); bits outside the stream read as 0.
 */
function streamBits(stream: Uint32Array, p: number): number {
  const w = Math.floor(p / 32);
  const shift = p - 32 * w;
  const low = w >= 0 && w < stream.length ? stream[w] : 0;
  if (shift === 0) return low;
  const high = w + 1 >= 0 && w + 1 < stream.length ? stream[w + 1] : 0;
  return ((low >>> shift) | (high << (32 - shift))) >>> 0;
}

/**
 * Unpacks a compressed GLWE's coefficients, reversing and negating each mask polynomial in the same pass, into
 * negacyclic windows: ⟨extracted mask of body i, s⟩ = Σ_j ⟨E_j[N − 1 − i …], s_j⟩, overlapping rows of stride 1
 * instead of one k·N-value LWE per body (2·k·N values per GLWE instead of k·N per body). 32-bit limbs throughout,
 * no BigInt per coefficient.
 * @example const { windows, bodies } = squashedGlweWindows(list.glweCiphertexts[0])
 */
export function squashedGlweWindows(glwe: CompressedModulusSwitchedGlweCiphertext): SquashedGlweWindows {
  const k = glwe.glweDimension;
  const N = glwe.polynomialSize;
  const n = checkedMaskLength(glwe, 'squashedGlweWindows');
  const { logModulus: log, initialLen, packedCoeffs } = glwe.packedIntegers;
  const bodies = glwe.bodiesCount;
  const src = new Uint32Array(packedCoeffs.buffer, packedCoeffs.byteOffset, packedCoeffs.length * 2);
  const windows = new BigUint64Array(4 * n);
  const dst = new Uint32Array(windows.buffer);
  // Lifted coefficient c (× 2^(128 − log)) into dst[to … to + 3]: at log 128 the limbs as stored; below, the 128
  // stream bits ending at the value's top bit, the ones under the value (128 − log of them) cleared.
  const zeros = 128 - log;
  const read =
    log === 128
      ? (into: Uint32Array, to: number, c: number) => {
          into[to] = src[4 * c];
          into[to + 1] = src[4 * c + 1];
          into[to + 2] = src[4 * c + 2];
          into[to + 3] = src[4 * c + 3];
        }
      : (into: Uint32Array, to: number, c: number) => {
          const p = c * log - zeros;
          for (let t = 0; t < 4; t++) {
            const below = zeros - 32 * t;
            const bits = below >= 32 ? 0 : streamBits(src, p + 32 * t);
            into[to + t] = below <= 0 || below >= 32 ? bits : (bits & (0xffffffff << below)) >>> 0;
          }
        };
  for (let j = 0; j < k; j++) {
    const base = 8 * j * N;
    for (let q = 0; q < N; q++) {
      const to = base + 4 * q;
      read(dst, to, j * N + N - 1 - q);
      // E_j[N + q] = −E_j[q] = ~E_j[q] + 1 mod 2^128, carried through the limbs.
      const neg = to + 4 * N;
      let v = (~dst[to] >>> 0) + 1;
      dst[neg] = v;
      v = (~dst[to + 1] >>> 0) + (v > 0xffffffff ? 1 : 0);
      dst[neg + 1] = v;
      v = (~dst[to + 2] >>> 0) + (v > 0xffffffff ? 1 : 0);
      dst[neg + 2] = v;
      dst[neg + 3] = (~dst[to + 3] >>> 0) + (v > 0xffffffff ? 1 : 0);
    }
  }
  if (log === 128) return { windows, bodies: packedCoeffs.subarray(2 * n, 2 * initialLen) };
  const bodyWords = new BigUint64Array(2 * bodies);
  const limbs = new Uint32Array(bodyWords.buffer);
  for (let i = 0; i < bodies; i++) read(limbs, 4 * i, n + i);
  return { windows, bodies: bodyWords };
}

/** The number of squashed LWEs a list holds (the sum of its GLWEs' bodies). */
export function squashedLweCount(glwes: readonly CompressedModulusSwitchedGlweCiphertext[]): number {
  return glwes.reduce((n, g) => n + g.bodiesCount, 0);
}

/** Squashed LWEs of one list element: 1 for a boolean, ceil(blocks / 2) for a radix value (two blocks per LWE). */
export function squashedLwesOf(kind: DataKind): number {
  if (kind.kind === 'Boolean') return 1;
  if (kind.kind === 'Unsigned' || kind.kind === 'Signed') return Math.ceil(kind.blocks / 2);
  throw new RangeError(`squashedLwesOf: ${kind.kind} values are not squashed-noise values`);
}

/**
 * (Σ_j A_j · S_j)[i] mod 2^128 for body coefficient i: 32-bit limbs of the added and subtracted terms summed in
 * doubles (exact up to 2^21 terms), combined once per coefficient.
 */
function maskKeyProduct(mask: BigUint64Array, key: GlweKey, i: number): bigint {
  const N = key.polynomialSize;
  const limbs = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
  const plus = [0, 0, 0, 0];
  const minus = [0, 0, 0, 0];
  for (let j = 0; j < key.glweDimension; j++) {
    for (let l = 0; l < N; l++) {
      if (key.data[j * N + l] === 0n) continue;
      const negated = l > i;
      const at = 4 * (j * N + (negated ? N + i - l : i - l));
      const acc = negated ? minus : plus;
      for (let q = 0; q < 4; q++) acc[q] += limbs[at + q];
    }
  }
  const value = (v: number[]) =>
    BigInt(v[0]) + (BigInt(v[1]) << 32n) + (BigInt(v[2]) << 64n) + (BigInt(v[3]) << 96n);
  return BigInt.asUintN(128, value(plus) - value(minus));
}

/**
 * GLWE-encrypts `blockValues` (one per squashed LWE, already lo + msg·hi packed) under the noise-squashing
 * compression key as tfhe-rs' list compression leaves them: block i at Δ = 2^123 in body coefficient i, up to
 * lwePerGlwe per GLWE, TUniform(2^noiseBits) noise, stored at `logModulus` bits (tfhe-rs: 128).
 * @example const glwes = encryptSquashedGlwes([5, 1], key, params.noiseSquashingCompression!, gen)
 */
export function encryptSquashedGlwes(
  blockValues: ArrayLike<number>,
  key: GlweKey,
  params: NoiseSquashingCompressionParameters,
  source: RandomSource,
  options: { noiseBits?: number; logModulus?: number } = {},
): CompressedModulusSwitchedGlweCiphertext[] {
  const k = key.glweDimension;
  const N = key.polynomialSize;
  if (k !== params.packingKsGlweDimension || N !== params.packingKsPolynomialSize)
    throw new RangeError('encryptSquashedGlwes: the key does not match the compression parameters');
  const blockBits = Math.log2(params.messageModulus * params.carryModulus);
  const delta = BigInt(squashedDeltaLog2(blockBits));
  const out: CompressedModulusSwitchedGlweCiphertext[] = [];
  for (let start = 0; start < blockValues.length; start += params.lwePerGlwe) {
    const bodies = Math.min(params.lwePerGlwe, blockValues.length - start);
    const words = new BigUint64Array(2 * (k * N + bodies));
    words.set(uniformU64s(source, 2 * k * N));
    const noise = sampleTUniform128(source, options.noiseBits ?? 30, bodies);
    for (let i = 0; i < bodies; i++) {
      const e = noise[2 * i] | (noise[2 * i + 1] << 64n);
      const b = BigInt.asUintN(
        128,
        maskKeyProduct(words, key, i) + (BigInt(blockValues[start + i]) << delta) + e,
      );
      words[2 * (k * N + i)] = BigInt.asUintN(64, b);
      words[2 * (k * N + i) + 1] = b >> 64n;
    }
    out.push({
      packedIntegers: packIntegers128(words, options.logModulus ?? 128),
      glweDimension: k,
      polynomialSize: N,
      bodiesCount: bodies,
      uncompressedCiphertextModulus: { modulus: 0n, scalarBits: 128 },
    });
  }
  return out;
}

/**
 * A CompressedSquashedNoiseCiphertextList of the given values (booleans 0n/1n, radix values of `blocks` radix
 * blocks), built by direct GLWE encryption under the compression key, as tfhe-rs' builder lays them out.
 * @example encryptCompressedSquashedList([{ kind: { kind: 'Boolean' }, value: 1n }], key, params, gen)
 */
export function encryptCompressedSquashedList(
  values: readonly { kind: DataKind; value: bigint }[],
  key: GlweKey,
  params: NoiseSquashingCompressionParameters,
  source: RandomSource,
  options: { noiseBits?: number; logModulus?: number } = {},
): CompressedSquashedNoiseCiphertextList {
  const msg = params.messageModulus;
  const msgBits = Math.log2(msg);
  const blockValues: number[] = [];
  for (const { kind, value } of values) {
    if (kind.kind === 'Boolean') {
      blockValues.push(value ? 1 : 0);
      continue;
    }
    const blocks = squashedLwesOf(kind) * 2;
    const v = BigInt.asUintN((kind as { blocks: number }).blocks * msgBits, value);
    for (let b = 0; b < blocks; b += 2) {
      const lo = Number((v >> BigInt(b * msgBits)) % BigInt(msg));
      const hi = Number((v >> BigInt((b + 1) * msgBits)) % BigInt(msg));
      blockValues.push(lo + msg * hi);
    }
  }
  return {
    glweCiphertexts: encryptSquashedGlwes(blockValues, key, params, source, options),
    meta: { messageModulus: msg, carryModulus: params.carryModulus, lwePerGlwe: params.lwePerGlwe },
    info: values.map((v) => v.kind),
    tag: new Uint8Array(0),
  };
}

/**
 * The block values (round(phase / Δ) mod msg·carry) of every squashed LWE of a list, by plain decryption under the
 * compression key.
 * @example decryptSquashedGlwes(list.glweCiphertexts, secret.noiseSquashingCompressionKey!, 4)
 */
export function decryptSquashedGlwes(
  glwes: readonly CompressedModulusSwitchedGlweCiphertext[],
  key: GlweKey,
  blockBits = 4,
): Uint8Array {
  const out: number[] = [];
  for (const glwe of glwes) {
    if (glwe.glweDimension !== key.glweDimension || glwe.polynomialSize !== key.polynomialSize)
      throw new RangeError('decryptSquashedGlwes: a GLWE does not match the key');
    const lwes = extractSquashedLwes(
      glwe,
      Array.from({ length: glwe.bodiesCount }, (_, i) => i),
    );
    out.push(...decodeSquashedBlocks(lwePhases128(lwes, key.data), blockBits));
  }
  return Uint8Array.from(out);
}

/**
 * Plain decryption of a CompressedSquashedNoiseCiphertextList: one bigint per element of `info` (booleans 0n/1n,
 * signed values two's-complement interpreted).
 * @example decryptCompressedSquashedList(list, secret.noiseSquashingCompressionKey!) // [1n, 42n]
 */
export function decryptCompressedSquashedList(
  list: CompressedSquashedNoiseCiphertextList,
  key: GlweKey,
): bigint[] {
  const msg = list.meta?.messageModulus ?? 4;
  const blockBits = Math.log2(msg * (list.meta?.carryModulus ?? 4));
  const values = decryptSquashedGlwes(list.glweCiphertexts, key, blockBits);
  const out: bigint[] = [];
  let at = 0;
  for (const kind of list.info) {
    const lwes = squashedLwesOf(kind);
    if (at + lwes > values.length)
      throw new RangeError('decryptCompressedSquashedList: the list holds too few LWEs');
    const own = values.subarray(at, at + lwes);
    at += lwes;
    if (kind.kind === 'Boolean') {
      out.push(BigInt(own[0] & 1));
      continue;
    }
    const blocks = (kind as { blocks: number }).blocks;
    const bits = blocks * Math.log2(msg);
    const v = radixRecompose(unpackCompactBlocks(own, true, msg).subarray(0, blocks), msg, bits);
    out.push(kind.kind === 'Signed' ? BigInt.asIntN(bits, v) : v);
  }
  return out;
}
