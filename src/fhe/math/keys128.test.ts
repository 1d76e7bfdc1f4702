import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { encryptSeededGgswList128, negacyclicMulBinary128 } from './keys128.ts';
import { randomBits, randomU64Array } from './reference.test-util.ts';
import type { GlweKey } from './seeded-keys.ts';

const M128 = (1n << 128n) - 1n;
const u128At = (w: BigUint64Array, i: number) => w[2 * i] | (w[2 * i + 1] << 64n);

function negacyclicRef128(a: BigUint64Array, s: BigUint64Array): bigint[] {
  const n = s.length;
  const out: bigint[] = new Array(n).fill(0n);
  for (let j = 0; j < n; j++) {
    if (!s[j]) continue;
    for (let k = 0; k < n; k++) out[k] += k >= j ? u128At(a, k - j) : -u128At(a, k - j + n);
  }
  return out.map((v) => v & M128);
}

describe('Z_2^128 products and the noise-squashing bootstrapping key', () => {
  it('binary negacyclic product over Z_2^128 equals the BigInt re-computation', () => {
    for (const n of [8, 64, 256]) {
      const a = randomU64Array(2 * n, n);
      const s = randomBits(n, n + 1);
      const got = negacyclicMulBinary128(a, s);
      const ref = negacyclicRef128(a, s);
      for (let k = 0; k < n; k++) expect(u128At(got, k)).toBe(ref[k]);
    }
  });

  it('GGSW rows over Z_2^128 decrypt to S_r · f / −f with masks read from the stream (16 bytes per word)', () => {
    const k = 2;
    const N = 32;
    const key: GlweKey = { data: randomBits(k * N, 5), glweDimension: k, polynomialSize: N };
    const messages = BigUint64Array.of(1n, 0n, 1n);
    const B = 24;
    const L = 3;
    const seed = {
      seed: { kind: 'Ctr' as const, bytes: new Uint8Array(16).fill(4) },
      firstIndex: { aesIndex: 0n, byteIndex: 0 },
    };
    const noise = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(5) });
    const bodies = encryptSeededGgswList128(
      key,
      messages,
      { baseLog: B, level: L },
      { seed, noiseBoundLog2: 30, noise },
    );
    const rows = messages.length * L * (k + 1);
    expect(bodies.length).toBe(rows * 2 * N);
    const masks = AesCtrGenerator.fromCompressionSeed(seed).nextU128s(rows * k * N);
    let maxNoise = 0n;
    for (let row = 0; row < rows; row++) {
      const r = row % (k + 1);
      const lv = Math.floor(row / (k + 1)) % L;
      const m = messages[Math.floor(row / (L * (k + 1)))];
      const f = -(m << (128n - BigInt(B * (lv + 1)))) & M128;
      const phase: bigint[] = new Array(N).fill(0n).map((_, c) => u128At(bodies, row * N + c));
      for (let q = 0; q < k; q++) {
        const mq = masks.subarray(2 * (row * k + q) * N, 2 * (row * k + q + 1) * N);
        const prod = negacyclicRef128(mq, key.data.subarray(q * N, (q + 1) * N));
        for (let c = 0; c < N; c++) phase[c] -= prod[c];
      }
      for (let c = 0; c < N; c++) {
        const expected = r < k ? key.data[r * N + c] * f : c === 0 ? -f & M128 : 0n;
        const e = BigInt.asIntN(128, (phase[c] - expected) & M128);
        const a = e < 0n ? -e : e;
        if (a > maxNoise) maxNoise = a;
      }
    }
    expect(maxNoise <= 1n << 30n).toBe(true);
    expect(maxNoise > 1n << 28n).toBe(true);
  });
});
