// Polynomial products over Z_2^64[X]/(X^N + 1), the ring of GLWE ciphertexts and compact public keys.
// Binary keys (secret keys): SIMD WebAssembly add-only kernel over an extended [−a | a] array, four key terms per
// pass (≈ 0.25 ms at N = 2048, so a 918-GGSW BSK's 1,836 products take < 0.5 s). Arbitrary u64 operands (key
// shares in the DKG): Karatsuba over Z_2^64 (exact, no division needed) down to a SIMD schoolbook of 128 words,
// then the negacyclic fold — wasm has no native 64-bit lane multiply, so cutting multiplies pays.
import { negacyclicGeneralKernel, negacyclicKernel } from './kernels.ts';

function assertPoly(name: string, p: unknown, n?: number): asserts p is BigUint64Array {
  if (!(p instanceof BigUint64Array)) throw new TypeError(`${name} must be a BigUint64Array`);
  if (n !== undefined && p.length !== n)
    throw new RangeError(`${name} must have ${n} coefficients, got ${p.length}`);
}

function jsNegacyclic(a: BigUint64Array, b: BigUint64Array, out: BigUint64Array): void {
  const n = a.length;
  const acc = new BigUint64Array(n);
  for (let j = 0; j < n; j++) {
    const s = b[j];
    if (s === 0n) continue;
    for (let k = j; k < n; k++) acc[k] += a[k - j] * s;
    for (let k = 0; k < j; k++) acc[k] -= a[k - j + n] * s;
  }
  out.set(acc);
}

function product(
  a: BigUint64Array,
  b: BigUint64Array,
  binary: boolean,
  out?: BigUint64Array,
): BigUint64Array {
  assertPoly('a', a);
  assertPoly('b', b, a.length);
  const n = a.length;
  const result = out ?? new BigUint64Array(n);
  assertPoly('out', result, n);
  if (n === 0 || n % 4 !== 0) jsNegacyclic(a, b, result);
  else if (binary) negacyclicKernel(a, b, result);
  else negacyclicGeneralKernel(a, b, result);
  return result;
}

/**
 * a · b in Z_2^64[X]/(X^N + 1) for arbitrary u64 coefficients (e.g. a public mask times a key share).
 * @example const c = negacyclicMul(mask, keyShare);
 */
export function negacyclicMul(a: BigUint64Array, b: BigUint64Array, out?: BigUint64Array): BigUint64Array {
  return product(a, b, false, out);
}

/**
 * a · s in Z_2^64[X]/(X^N + 1) for a binary s (words 0n/1n): additions only.
 * @example const body = negacyclicMulBinary(mask, glweKeyPoly); // GLWE body before noise and message
 */
export function negacyclicMulBinary(
  a: BigUint64Array,
  s: BigUint64Array,
  out?: BigUint64Array,
): BigUint64Array {
  return product(a, s, true, out);
}

/** The coefficient reversal rev(s)_j = s_{N−1−j} (plain reversal, not the negacyclic inverse). */
export function reversePoly(s: BigUint64Array): BigUint64Array {
  const n = s.length;
  const out = new BigUint64Array(n);
  for (let j = 0; j < n; j++) out[j] = s[n - 1 - j];
  return out;
}

/**
 * TFHE-rs "semi-reverse negacyclic convolution": lhs · rev(rhs) mod (X^N + 1, 2^64). The compact public key is
 * b = a · rev(s) + e, and coefficient N−1−j of mask · rev(s) is ⟨mask · X^j, s⟩ (the compact-list LWE j's dot product).
 * @example const body = semiReverseNegacyclicMul(cpkMask, compactKey, true);
 */
export function semiReverseNegacyclicMul(
  lhs: BigUint64Array,
  rhs: BigUint64Array,
  binary = false,
  out?: BigUint64Array,
): BigUint64Array {
  assertPoly('rhs', rhs);
  return product(lhs, reversePoly(rhs), binary, out);
}
