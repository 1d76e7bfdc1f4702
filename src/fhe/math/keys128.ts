// Z_2^128 key material: the noise-squashing (switch-and-squash) bootstrapping key is a seeded GGSW list over
// Z_2^128[X]/(X^N + 1). u128 words are interleaved (lo, hi) u64 pairs.
//
// Products with a binary key reuse the 64-bit add-only kernel on four 32-bit limb planes: a limb plane's negacyclic
// sum is an exact signed integer below 2^43 in magnitude (≤ N terms < 2^32), and recombining Σ plane_i · 2^(32i)
// mod 2^128 is exact, so no 128-bit arithmetic (and no BigInt) is needed per coefficient.
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { negacyclicOnesKernel, onesOf } from './kernels.ts';
import { sampleTUniform128 } from './noise.ts';
import type { Decomposition, GlweKey, SeededEncryption } from './seeded-keys.ts';

const TWO32 = 4294967296;

/** Limb accumulators of N u128 values, as Numbers (each limb sum stays far below 2^53). */
class Limbs128 {
  readonly limbs: Float64Array;

  constructor(readonly n: number) {
    this.limbs = new Float64Array(4 * n);
  }

  /** += interleaved u128 words (read as four unsigned 32-bit limbs). */
  addWords(words: BigUint64Array): void {
    const u32 = new Uint32Array(words.buffer, words.byteOffset, 4 * this.n);
    for (let i = 0; i < 4 * this.n; i++) this.limbs[i] += u32[i];
  }

  /** += plane · 2^(32·limb), the plane holding exact signed integers as two's-complement u64 words. */
  addSignedPlane(plane: BigUint64Array, limb: number): void {
    const u32 = new Uint32Array(plane.buffer, plane.byteOffset, 2 * this.n);
    const i32 = new Int32Array(plane.buffer, plane.byteOffset, 2 * this.n);
    for (let c = 0; c < this.n; c++) this.limbs[4 * c + limb] += i32[2 * c + 1] * TWO32 + u32[2 * c];
  }

  /** Carry-propagates into interleaved u128 words (mod 2^128). */
  toWords(): BigUint64Array {
    const out = new BigUint64Array(2 * this.n);
    const u32 = new Uint32Array(out.buffer);
    for (let c = 0; c < this.n; c++) {
      let carry = 0;
      for (let i = 0; i < 4; i++) {
        const t = this.limbs[4 * c + i] + carry;
        const low = ((t % TWO32) + TWO32) % TWO32;
        u32[4 * c + i] = low;
        carry = (t - low) / TWO32;
      }
    }
    return out;
  }
}

/**
 * a · s in Z_2^128[X]/(X^N + 1) for interleaved u128 `a` (2N words) and a binary `s` (N words 0n/1n).
 * @example const prod = negacyclicMulBinary128(mask128, squashKeyPoly);
 */
export function negacyclicMulBinary128(a: BigUint64Array, s: BigUint64Array): BigUint64Array {
  const n = s.length;
  if (a.length !== 2 * n) throw new RangeError(`negacyclicMulBinary128: a must hold ${2 * n} words`);
  if (n % 4 !== 0) throw new RangeError('negacyclicMulBinary128: N must be a multiple of 4');
  const acc = new Limbs128(n);
  accumulateProduct(acc, a, onesOf(s));
  return acc.toWords();
}

function accumulateProduct(acc: Limbs128, a: BigUint64Array, ones: Uint32Array): void {
  const n = acc.n;
  const u32 = new Uint32Array(a.buffer, a.byteOffset, 4 * n);
  const plane = new BigUint64Array(n);
  const planeWords = new Uint32Array(plane.buffer);
  const product = new BigUint64Array(n);
  for (let limb = 0; limb < 4; limb++) {
    for (let c = 0; c < n; c++) planeWords[2 * c] = u32[4 * c + limb];
    negacyclicOnesKernel(plane, ones, product);
    acc.addSignedPlane(product, limb);
  }
}

/**
 * Bodies (interleaved u128, N·2 words per row) of a seeded GGSW list over Z_2^128 encrypting binary `messages`
 * under a binary GLWE key: the noise-squashing bootstrapping key (tfhe-rs layout as for 64 bits — row (i, lv, r) at
 * (i·L + lv)·(k+1) + r, level lv + 1, f = −m_i · 2^(128 − B·(lv+1)); masks are k·N u128 = 16 stream bytes each).
 * @example const bodies = encryptSeededGgswList128(squashKey, smallKey, { baseLog: 24, level: 3 }, enc);
 */
export function encryptSeededGgswList128(
  key: GlweKey,
  messages: BigUint64Array,
  decomposition: Decomposition,
  enc: SeededEncryption,
): BigUint64Array {
  const { glweDimension: k, polynomialSize: N } = key;
  const { baseLog: B, level: L } = decomposition;
  if (key.data.length !== k * N)
    throw new RangeError('GLWE key data must hold glweDimension · polynomialSize words');
  if (B * L > 128 || B < 1 || L < 1)
    throw new RangeError('decomposition: baseLog · level must be in [1, 128]');
  for (const m of messages)
    if (m > 1n) throw new RangeError('encryptSeededGgswList128: messages must be bits');
  const rowsPerGgsw = L * (k + 1);
  const rows = messages.length * rowsPerGgsw;
  const masks = AesCtrGenerator.fromCompressionSeed(enc.seed);
  const bodies = new BigUint64Array(rows * 2 * N);
  if (N % 4 !== 0) throw new RangeError('encryptSeededGgswList128: N must be a multiple of 4');
  const keyOnes = Array.from({ length: k }, (_, q) => onesOf(key.data.subarray(q * N, (q + 1) * N)));
  const factorWords = new BigUint64Array(2);
  const factorLimbs = new Uint32Array(factorWords.buffer);
  for (let row = 0; row < rows; row++) {
    const r = row % (k + 1);
    const lv = Math.floor(row / (k + 1)) % L;
    const i = Math.floor(row / rowsPerGgsw);
    const mask = masks.nextU128s(k * N);
    const acc = new Limbs128(N);
    for (let q = 0; q < k; q++) {
      accumulateProduct(acc, mask.subarray(2 * q * N, 2 * (q + 1) * N), keyOnes[q]);
    }
    acc.addWords(sampleTUniform128(enc.noise, enc.noiseBoundLog2, N));
    if (messages[i] === 1n) {
      // f = −2^(128 − B·level); rows r < k add S_r · f, row k adds −f = 2^(128 − B·level) at X^0.
      const shift = 128n - BigInt(B * (lv + 1));
      const f = r < k ? (1n << 128n) - (1n << shift) : 1n << shift;
      factorWords[0] = f & 0xffffffffffffffffn;
      factorWords[1] = f >> 64n;
      if (r < k) {
        const s = key.data.subarray(r * N, (r + 1) * N);
        for (let c = 0; c < N; c++) {
          if (s[c] === 0n) continue;
          for (let l = 0; l < 4; l++) acc.limbs[4 * c + l] += factorLimbs[l];
        }
      } else for (let l = 0; l < 4; l++) acc.limbs[l] += factorLimbs[l];
    }
    bodies.set(acc.toWords(), row * 2 * N);
  }
  return bodies;
}
