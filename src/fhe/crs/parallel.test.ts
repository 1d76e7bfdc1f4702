// The worker-thread CRS operations (BLS12-446 WebAssembly kernel) against the single-threaded noble path: trusted
// setup, and validation reporting the lowest bad point of each kind, including points outside the subgroup.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bls446, type G1Point, type G2Point } from '../bls446/index.ts';
import type { CompactPkeCrs } from './codec.ts';
import { generateCrs, randomScalar } from './generate.ts';
import { generateCrsAsync, validateCrsAsync } from './parallel.ts';
import type { CrsScalarParams } from './params.ts';

const { Fp, Fp2, G1, G2 } = bls446;
// the smallest parameters compute_crs_params accepts (n = 514)
const TINY: CrsScalarParams = {
  d: 1,
  k: 1,
  bInf: 1n,
  q: 0n,
  t: 4n,
  msbsZeroPaddingBitCount: 1n,
  boundType: 'CS',
};

const rnd = () => Fp.create(BigInt(`0x${randomBytes(60).toString('hex')}`));

/** A point of y² = x³ + 1 that is not in G1 (no cofactor clearing). */
function curvePointOutsideG1(): G1Point {
  for (;;) {
    const x = rnd();
    try {
      const p = new G1(x, Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 1n)), 1n);
      if (!p.isTorsionFree()) return p;
    } catch {}
  }
}

/** A point on the G2 twist curve that is not in G2. */
function twistPointOutsideG2(): G2Point {
  for (;;) {
    const x = Fp2.create({ c0: rnd(), c1: rnd() });
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.fromBigTuple([1n, 1n]));
    try {
      const p = new G2(x, Fp2.sqrt(rhs), Fp2.ONE);
      if (!p.isTorsionFree()) return p;
    } catch {}
  }
}

describe('CRS point work in worker threads', () => {
  const tau = randomScalar();
  let crs: CompactPkeCrs;

  it('trusted setup equals the single-threaded generator', async () => {
    crs = await generateCrsAsync(TINY, tau, { workers: 2 });
    const sync = generateCrs(TINY, tau);
    expect(crs.gList.length).toBe(sync.gList.length);
    expect(crs.gList.every((p, i) => p.equals(sync.gList[i]))).toBe(true);
    expect(crs.gHatList.every((p, j) => p.equals(sync.gHatList[j]))).toBe(true);
    expect(crs.gList[crs.n].is0()).toBe(true);
    await validateCrsAsync(crs, { workers: 2 });
  }, 120_000);

  it('validation names the lowest point outside the subgroup, G1 before G2', async () => {
    const outside = twistPointOutsideG2();
    const withOutside = {
      ...crs,
      gHatList: crs.gHatList.map((p, j) => (j === 77 || j === 400 ? outside : p)),
    };
    await expect(validateCrsAsync(withOutside, { workers: 2 })).rejects.toMatchObject({
      kind: 'InvalidPoint',
      path: 'g_hat_list[77]',
      pointError: 'NotInSubgroup',
    });
    const outside1 = curvePointOutsideG1();
    const both = { ...withOutside, gList: crs.gList.map((p, i) => (i === 600 || i === 900 ? outside1 : p)) };
    await expect(validateCrsAsync(both, { workers: 2 })).rejects.toMatchObject({
      path: 'g_list[600]',
      pointError: 'NotInSubgroup',
    });
  }, 120_000);
});
