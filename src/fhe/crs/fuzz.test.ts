// Mutation fuzzing of the CRS reader: ≥ 10,000 corrupted serializations of a small CRS (bit flips, truncations,
// insertions, corrupted length prefixes and tags). Each must end in a CrsError or a decoded object whose points are
// then validated; never another exception, a hang or an allocation beyond the size limit.
import { describe, expect, it } from 'vitest';
import { CurveError } from '../bls446/errors.ts';
import { assertG1, assertG2, bls446, type G1Point, type G2Point, R } from '../bls446/index.ts';
import {
  type CompactPkeCrs,
  DOMAIN_SEPARATOR_NAMES,
  type DomainSeparators,
  decodeCrs,
  encodeCrs,
} from './codec.ts';
import { CrsError } from './errors.ts';
import { checkCrsParamsAndStructure } from './validate.ts';

// xorshift128+ so that a failure is reproducible from the seed
function prng(seed: number) {
  let a = BigInt(seed) | 1n;
  let b = 0x9e3779b97f4a7c15n;
  const next = () => {
    let x = a;
    const y = b;
    a = y;
    x ^= (x << 23n) & 0xffffffffffffffffn;
    b = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (b + y) & 0xffffffffffffffffn;
  };
  return { int: (n: number) => Number(next() % BigInt(n)), u64: next };
}

/** A small CRS-shaped object (n = 4) with real powers of a secret; its parameters are not the derived ones. */
function smallCrs(): CompactPkeCrs {
  const alpha = 0x1234567890abcdefn;
  const n = 4;
  let p = 1n;
  const powers = Array.from({ length: 2 * n }, () => {
    p = (p * alpha) % R;
    return p;
  });
  const gList: G1Point[] = powers.map((s, i) => (i === n ? bls446.G1.ZERO : bls446.G1.BASE.multiply(s)));
  const gHatList: G2Point[] = powers.slice(0, n).map((s) => bls446.G2.BASE.multiply(s));
  const ds = Object.fromEntries(
    DOMAIN_SEPARATOR_NAMES.map((name, i) => [name, new Uint8Array(8).fill(i + 1)]),
  ) as DomainSeparators;
  return {
    d: 1,
    k: 1,
    bInf: 1n,
    q: 0n,
    t: 4n,
    msbsZeroPaddingBitCount: 1n,
    boundType: 'CS',
    gList,
    gHatList,
    D: 2,
    n,
    bBoundSquared: 48n,
    sid: 99n,
    domainSeparators: ds,
  };
}

describe('CRS reader under mutation', () => {
  it('gives a typed error or a valid object for 10,000+ mutants', async () => {
    const original = smallCrs();
    const bytes = encodeCrs(original);
    const compressed = encodeCrs(original, 'compressed');
    // offsets of the u64 length prefixes and u32 tags of the uncompressed form
    const lengthOffsets = [0, 15, 26, 67, 75 + 7 * 144 + 8];
    const tail = bytes.length - 176;
    for (let i = 0; i < 11; i++) lengthOffsets.push(tail + 16 * i);
    const rnd = prng(20261124);
    const limit = bytes.length + 1024;
    const outcomes = new Map<string, number>();
    const heapBefore = process.memoryUsage().heapUsed;
    let slowest = 0;
    const total = 10_500;
    for (let iter = 0; iter < total; iter++) {
      if (iter % 500 === 0) await new Promise((r) => setImmediate(r)); // keep the runner's RPC responsive
      const base = iter % 5 === 4 ? compressed : bytes;
      let m: Uint8Array = base.slice();
      const kind = rnd.int(6);
      if (kind === 0 || kind === 1) {
        for (let f = 0; f <= kind; f++) {
          const at = rnd.int(m.length);
          m[at] ^= 1 << rnd.int(8);
        }
      } else if (kind === 2) {
        m = m.slice(0, rnd.int(m.length));
      } else if (kind === 3 && base === bytes) {
        const at = lengthOffsets[rnd.int(lengthOffsets.length)];
        const choices = [0n, 1n, 7n, 255n, 1n << 32n, (1n << 53n) + 1n, (1n << 64n) - 1n, rnd.u64()];
        const orig = new DataView(m.buffer).getBigUint64(at, true);
        const v =
          rnd.int(2) === 0
            ? choices[rnd.int(choices.length)]
            : (orig + BigInt(rnd.int(5)) - 2n) & ((1n << 64n) - 1n);
        new DataView(m.buffer).setBigUint64(at, v, true);
      } else if (kind === 4) {
        const at = rnd.int(m.length);
        const extra = Uint8Array.from({ length: 1 + rnd.int(16) }, () => rnd.int(256));
        m = new Uint8Array([...m.subarray(0, at), ...extra, ...m.subarray(at)]);
      } else {
        const at = rnd.int(m.length - 4) & ~3;
        new DataView(m.buffer).setUint32(at, rnd.int(4), true);
      }
      const t0 = performance.now();
      let outcome: string;
      try {
        const crs = decodeCrs(m, { sizeLimit: limit });
        // validate the points the mutation changed (the others are the original, valid ones)
        crs.gList.forEach((p, i) => {
          if (!(original.gList[i] && p.equals(original.gList[i]))) assertG1(p, `g_list[${i}]`, true);
        });
        crs.gHatList.forEach((p, j) => {
          if (!(original.gHatList[j] && p.equals(original.gHatList[j]))) assertG2(p, `g_hat_list[${j}]`);
        });
        try {
          checkCrsParamsAndStructure(crs);
          outcome = 'valid';
        } catch (e) {
          if (!(e instanceof CrsError)) throw e;
          outcome = `decoded, ${e.kind}`;
        }
      } catch (e) {
        if (e instanceof CrsError) outcome = e.kind + (e.pointError ? `/${e.pointError}` : '');
        else if (e instanceof CurveError) outcome = `decoded, point ${e.kind}`;
        else throw new Error(`mutant ${iter} (kind ${kind}): untyped ${e}`);
      }
      slowest = Math.max(slowest, performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    const count = [...outcomes.values()].reduce((a, b) => a + b, 0);
    expect(count).toBe(total);
    expect(slowest).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    // the mutations reach every layer: wire errors, point errors and decodable objects
    for (const k of [
      'Truncated',
      'InvalidPoint/NotOnCurve',
      'UnknownVersion',
      'InvalidValue',
      'TrailingBytes',
    ]) {
      expect(outcomes.get(k) ?? 0, k).toBeGreaterThan(0);
    }
    expect([...outcomes.keys()].some((k) => k.startsWith('decoded'))).toBe(true);
    // the unmutated bytes decode back to the same object
    expect(decodeCrs(bytes).gList.every((p, i) => p.equals(original.gList[i]))).toBe(true);
  }, 300_000);
});
