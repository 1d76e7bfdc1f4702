import { describe, expect, it } from 'vitest';
import { bls446, type G1Point, type G2Point, R } from '../bls446/index.ts';
import {
  type CompactPkeCrs,
  DOMAIN_SEPARATOR_NAMES,
  type DomainSeparators,
  decodeCrs,
  encodeCrs,
} from './codec.ts';
import { CrsError } from './errors.ts';
import { contributeCrs, generateCrs, randomScalar } from './generate.ts';
import { checkPowersOfTauAsync, contributeCrsAsync, validateCrsAsync } from './parallel.ts';
import type { CrsScalarParams } from './params.ts';
import { checkPowersOfTau } from './powers.ts';
import { validateCrs } from './validate.ts';

const { G1, G2 } = bls446;
const pow = (b: bigint, e: number) => {
  let r = 1n;
  for (let i = 0; i < e; i++) r = (r * b) % R;
  return r;
};
// the smallest parameters compute_crs_params accepts give n = 514
const TINY: CrsScalarParams = {
  d: 1,
  k: 1,
  bInf: 1n,
  q: 0n,
  t: 4n,
  msbsZeroPaddingBitCount: 1n,
  boundType: 'CS',
};
const ds = () =>
  Object.fromEntries(
    DOMAIN_SEPARATOR_NAMES.map((n, i) => [n, new Uint8Array(8).fill(i)]),
  ) as DomainSeparators;

/** A CRS-shaped object with n = 3 (not parameter-consistent) for the contribution arithmetic. */
function shapeOnly(alpha: bigint, n = 3): CompactPkeCrs {
  const gList: G1Point[] = Array.from({ length: 2 * n }, (_, i) =>
    i === n ? G1.ZERO : G1.BASE.multiply(pow(alpha, i + 1)),
  );
  const gHatList: G2Point[] = Array.from({ length: n }, (_, j) => G2.BASE.multiply(pow(alpha, j + 1)));
  return { ...TINY, gList, gHatList, D: 2, n, bBoundSquared: 48n, sid: 7n, domainSeparators: ds() };
}

describe('CRS generation from a secret', () => {
  it('produces α^i powers with the puncture, valid points and pairing relations', () => {
    const tau = randomScalar();
    const crs = generateCrs(TINY, tau, { sid: 42n, domainSeparators: ds() });
    expect([crs.n, crs.D, crs.bBoundSquared, crs.gList.length, crs.gHatList.length]).toEqual([
      514,
      2,
      48n,
      1028,
      514,
    ]);
    for (const i of [0, 1, 513, 515, 1027])
      expect(crs.gList[i].equals(G1.BASE.multiply(pow(tau, i + 1)))).toBe(true);
    for (const j of [0, 5, 513]) expect(crs.gHatList[j].equals(G2.BASE.multiply(pow(tau, j + 1)))).toBe(true);
    expect(crs.gList[514].is0()).toBe(true);
    validateCrs(crs);
    expect(checkPowersOfTau(crs.gList, crs.gHatList, { pointsValidated: true })).toBe(true);
    const bytes = encodeCrs(crs);
    expect(bytes.length).toBe(576 * 514 + 232);
    const back = decodeCrs(bytes);
    expect(back.sid).toBe(42n);
    expect(Buffer.compare(Buffer.from(encodeCrs(back)), Buffer.from(bytes))).toBe(0);
  }, 120_000);

  it('a contribution turns powers of α into powers of α·τ′', () => {
    const alpha = randomScalar();
    const tau = randomScalar();
    const next = contributeCrs(shapeOnly(alpha), tau);
    const at = (alpha * tau) % R;
    for (const [i, p] of next.gList.entries()) {
      expect(p.equals(i === 3 ? G1.ZERO : G1.BASE.multiply(pow(at, i + 1)))).toBe(true);
    }
    for (const [j, p] of next.gHatList.entries())
      expect(p.equals(G2.BASE.multiply(pow(at, j + 1)))).toBe(true);
    expect(checkPowersOfTau(next.gList, next.gHatList)).toBe(true);
    expect(next.sid).toBe(7n);
    // a "contribution" that skips one power is caught by the pairing check
    const cheat = { ...next, gList: [...next.gList] };
    cheat.gList[4] = cheat.gList[4].multiply(tau);
    expect(checkPowersOfTau(cheat.gList, cheat.gHatList)).toBe(false);
  });

  it('worker-thread contribution and validation agree with the single-threaded ones', async () => {
    const crs = shapeOnly(randomScalar(), 5);
    const tau = randomScalar();
    const sync = contributeCrs(crs, tau);
    const par = await contributeCrsAsync(crs, tau, { workers: 2 });
    expect(par.gList.every((p, i) => p.equals(sync.gList[i]))).toBe(true);
    expect(par.gHatList.every((p, j) => p.equals(sync.gHatList[j]))).toBe(true);
    expect(await checkPowersOfTauAsync(par.gList, par.gHatList, { workers: 2 })).toBe(true);
    const bad = [...par.gList];
    bad[1] = bad[2];
    expect(await checkPowersOfTauAsync(bad, par.gHatList, { workers: 2 })).toBe(false);
    // parameter-consistent CRS: validateCrsAsync finds the lowest bad index of a list
    const full = generateCrs(TINY, randomScalar());
    await validateCrsAsync(full, { workers: 2 });
    const broken = { ...full, gHatList: full.gHatList.map((p, j) => (j === 300 ? p.negate().add(p) : p)) };
    await expect(validateCrsAsync(broken, { workers: 2 })).rejects.toMatchObject({
      kind: 'InvalidStructure',
    });
    const offCurve = {
      ...full,
      gList: full.gList.map((p, i) => (i === 700 ? new G1(p.toAffine().x, 3n, 1n) : p)),
    };
    await expect(validateCrsAsync(offCurve, { workers: 2 })).rejects.toMatchObject({
      kind: 'InvalidPoint',
      path: 'g_list[700]',
      pointError: 'NotOnCurve',
    });
  }, 120_000);

  it('asserts its arguments', () => {
    expect(() => generateCrs(TINY, 0n)).toThrow(CrsError);
    expect(() => generateCrs(TINY, R)).toThrow(/tau/);
    expect(() => contributeCrs(shapeOnly(5n), 0n)).toThrow(/tauPrime/);
    expect(() => checkPowersOfTau([G1.BASE], [G2.BASE])).toThrow(CrsError);
    const notPoints = { ...shapeOnly(5n), gList: [1, 2, 3, 4, 5, 6] as never };
    expect(() => encodeCrs(notPoints)).toThrow(/crs.gList\[0\]/);
    expect(() => contributeCrs(notPoints, 3n)).toThrow(CrsError);
    expect(() => checkPowersOfTau(notPoints.gList, shapeOnly(5n).gHatList)).toThrow(CrsError);
    const off = shapeOnly(5n);
    off.gList[0] = new G1(off.gList[0].toAffine().x, 5n, 1n);
    expect(() => checkPowersOfTau(off.gList, off.gHatList)).toThrow(/g_list\[0\]/);
  });
});
