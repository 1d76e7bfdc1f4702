// Independent BigInt re-computations used by the math tests (slow, obviously correct).
export const M64 = (1n << 64n) - 1n;

export function randomU64Array(n: number, seed: number): BigUint64Array {
  // xorshift-style deterministic filler; quality is irrelevant for reference checks.
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) {
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    out[i] = x & M64;
  }
  return out;
}

export function randomBits(n: number, seed: number): BigUint64Array {
  return randomU64Array(n, seed).map((v) => (v >> 33n) & 1n);
}

/** a · b mod (X^N + 1, 2^64), schoolbook in BigInt. */
export function negacyclicRef(a: BigUint64Array, b: BigUint64Array): BigUint64Array {
  const n = a.length;
  const acc: bigint[] = new Array(n).fill(0n);
  for (let i = 0; i < n; i++) {
    if (a[i] === 0n) continue;
    for (let j = 0; j < n; j++) {
      const k = i + j;
      if (k < n) acc[k] += a[i] * b[j];
      else acc[k - n] -= a[i] * b[j];
    }
  }
  return BigUint64Array.from(acc, (v) => BigInt.asUintN(64, v));
}

/** b − Σ a_i s_i mod 2^64. */
export function lwePhaseRef(ct: BigUint64Array, s: BigUint64Array): bigint {
  let acc = 0n;
  for (let i = 0; i < s.length; i++) acc += ct[i] * s[i];
  return BigInt.asUintN(64, ct[s.length] - acc);
}

export function signed(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}
