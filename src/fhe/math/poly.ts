// Polynomial products over Z_2^64[X]/(X^N + 1), the ring of GLWE ciphertexts and compact public keys.
// The products run in a SIMD WebAssembly kernel (schoolbook over an extended [−a | a] array: one contiguous
// vector add or multiply-add per key coefficient). Measured on the 2-vCPU box: binary key (add only) ≈ 0.3 ms,
// general u64 key ≈ 1 ms for N = 2048, so a full 918-GGSW BSK (1,836 products) takes well under a second.
import { negacyclicKernel } from './kernels.ts';

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
  const result = out ?? new BigUint64Array(a.length);
  assertPoly('out', result, a.length);
  if (a.length % 4 === 0 && a.length > 0) negacyclicKernel(a, b, result, binary);
  else jsNegacyclic(a, b, result);
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
