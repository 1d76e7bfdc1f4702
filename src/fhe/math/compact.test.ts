import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { compactListLwe, compactListPhases, compactPublicKeyBody, decryptCompactList } from './compact.ts';
import { reversePoly } from './poly.ts';
import { negacyclicRef, randomBits, randomU64Array, signed } from './reference.test-util.ts';
import { MSG2_CARRY2 } from './torus.ts';

/** Builds a compact list whose LWE j encrypts values[j] under s, by the §7.4 definition, in BigInt. */
function makeList(n: number, values: number[], s: BigUint64Array) {
  const count = values.length;
  const bins = Math.ceil(count / n);
  const masks = randomU64Array(bins * n, n + count);
  const data = new BigUint64Array(bins * n + count);
  data.set(masks);
  for (let j = 0; j < count; j++) {
    const bin = Math.floor(j / n);
    const jj = j % n;
    let dot = 0n;
    for (let i = 0; i < n; i++) {
      const a = i >= jj ? masks[bin * n + i - jj] : -masks[bin * n + n + i - jj];
      dot += a * s[i];
    }
    const e = BigInt((j % 7) - 3) * 1000n;
    data[bins * n + j] = BigInt.asUintN(64, dot + (BigInt(values[j]) << 59n) + e);
  }
  return { data, lweDimension: n, count };
}

describe('compact ciphertext lists without expansion', () => {
  it('decrypts sparse and full bins (dot-product and semi-reverse-product paths) to the encrypted values', () => {
    const n = 64;
    const s = randomBits(n, 1);
    const values = Array.from({ length: 64 + 64 + 5 }, (_, i) => (i * 7) % 32);
    const list = makeList(n, values, s);
    expect(Array.from(decryptCompactList(list, s, MSG2_CARRY2))).toEqual(values);
    const phases = compactListPhases(list, s);
    for (const j of [0, 63, 64, 130]) {
      const ct = compactListLwe(list, j);
      let dot = 0n;
      for (let i = 0; i < n; i++) dot += ct[i] * s[i];
      expect(phases[j]).toBe(BigInt.asUintN(64, ct[n] - dot));
    }
  });

  it('rejects inconsistent layouts', () => {
    expect(() =>
      compactListPhases({ data: new BigUint64Array(10), lweDimension: 8, count: 3 }, new BigUint64Array(8)),
    ).toThrow(/expected 11 words/);
  });

  it('compact public key body is mask · rev(s) + TUniform noise', () => {
    const n = 32;
    const s = randomBits(n, 4);
    const mask = randomU64Array(n, 5);
    const body = compactPublicKeyBody(
      mask,
      s,
      17,
      AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16) }),
    );
    const prod = negacyclicRef(mask, reversePoly(s));
    let nonZero = 0;
    for (let i = 0; i < n; i++) {
      const e = signed(body[i] - prod[i]);
      expect(e <= 1n << 17n && e >= -(1n << 17n)).toBe(true);
      if (e !== 0n) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(n / 2);
  });
});
