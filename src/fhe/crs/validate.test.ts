import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bls446, type G1Point, R } from '../bls446/index.ts';
import { decodeCrs, encodeCrs } from './codec.ts';
import { CrsError } from './errors.ts';
import { checkPowersOfTauAsync, loadCrsAsync } from './parallel.ts';
import { crsParamsForPke, PKE_PARAMS_TUNIFORM_2M128 } from './params.ts';
import { nodeTfheCrs, TFHE_LIMIT, tfhe17 } from './testing.ts';
import { checkCrsParamsAndStructure, loadCrs } from './validate.ts';

function errorOf(fn: () => unknown): CrsError | string {
  try {
    fn();
  } catch (e) {
    return e instanceof CrsError ? e : `untyped: ${e}`;
  }
  return 'none';
}

/** An on-curve G1 point outside the prime-order subgroup. */
function nonSubgroupG1(): G1Point {
  const { Fp } = bls446;
  for (;;) {
    const x = Fp.create(BigInt(`0x${randomBytes(60).toString('hex')}`));
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 1n);
    try {
      const y = Fp.sqrt(rhs);
      const p = new bls446.G1(x, y, 1n);
      if (Fp.eql(Fp.sqr(y), rhs) && !p.isTorsionFree()) return p;
    } catch {}
  }
}

describe('validation of a node-tfhe CRS', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await nodeTfheCrs(64);
  }, 600_000);
  const expected = crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64);

  it('passes every point check and the powers-of-τ pairing relations', async () => {
    const crs = await loadCrsAsync(bytes, { expected, workers: 2 });
    expect(await checkPowersOfTauAsync(crs.gList, crs.gHatList, { pointsValidated: true, workers: 2 })).toBe(
      true,
    );
    // a valid subgroup point in the wrong place breaks the relations
    const gList = [...crs.gList];
    gList[7] = gList[7].add(bls446.G1.BASE);
    expect(await checkPowersOfTauAsync(gList, crs.gHatList, { pointsValidated: true, workers: 2 })).toBe(
      false,
    );
    const gHatList = [...crs.gHatList];
    gHatList[crs.n - 1] = gHatList[crs.n - 1].add(bls446.G2.BASE);
    expect(await checkPowersOfTauAsync(crs.gList, gHatList, { pointsValidated: true, workers: 2 })).toBe(
      false,
    );
  }, 300_000);

  it('rejects parameters and structure that differ from what tfhe-zk-pok derives', () => {
    const crs = decodeCrs(bytes);
    const e1 = errorOf(() => checkCrsParamsAndStructure({ ...crs, n: crs.n - 1 }));
    expect(e1 instanceof CrsError && e1.kind).toBe('InvalidParams');
    const e2 = errorOf(() =>
      checkCrsParamsAndStructure(crs, { expected: crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048) }),
    );
    expect(e2 instanceof CrsError && e2.path).toBe('params.k');
    const e3 = errorOf(() =>
      checkCrsParamsAndStructure({
        ...crs,
        gList: crs.gList.map((p, i) => (i === crs.n ? crs.gList[0] : p)),
      }),
    );
    expect(e3 instanceof CrsError && e3.kind).toBe('InvalidStructure');
    const e4 = errorOf(() => checkCrsParamsAndStructure({ ...crs, gHatList: crs.gHatList.slice(1) }));
    expect(e4 instanceof CrsError && e4.kind).toBe('InvalidStructure');
  });

  it('loader rejects an off-curve point that node-tfhe accepts', () => {
    // flip one bit of y of g_list[5]: stays below p, leaves the curve
    const bad = bytes.slice();
    const yOffset = 75 + 5 * 144 + 8 + 68 + 12;
    bad[yOffset] ^= 1;
    const e = errorOf(() => loadCrs(bad));
    expect(e instanceof CrsError && [e.kind, e.path, e.pointError]).toEqual([
      'InvalidPoint',
      'CompactPkeCrs.g_lists.g_list[5]',
      'NotOnCurve',
    ]);
    const T = tfhe17();
    expect(() => T.CompactPkeCrs.safe_deserialize(bad, TFHE_LIMIT).free()).not.toThrow(); // the gap we close
  });

  it('loader rejects a wrong-subgroup point (G1 and G2)', async () => {
    const crs = decodeCrs(bytes);
    const g1Bad = encodeCrs({ ...crs, gList: crs.gList.map((p, i) => (i === 3 ? nonSubgroupG1() : p)) });
    const e = errorOf(() => loadCrs(g1Bad));
    expect(e instanceof CrsError && [e.kind, e.path, e.pointError]).toEqual([
      'InvalidPoint',
      'g_list[3]',
      'NotInSubgroup',
    ]);
    // G2: a subgroup point plus a point of order dividing h2
    const { Fp2, G2 } = bls446;
    let torsion = G2.ZERO;
    while (torsion.is0()) {
      const x = Fp2.create({ c0: BigInt(`0x${randomBytes(40).toString('hex')}`), c1: 3n });
      try {
        const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.fromBigTuple([1n, 1n]));
        const y = Fp2.sqrt(rhs);
        if (!Fp2.eql(Fp2.sqr(y), rhs)) continue;
        const q = new G2(x, y, Fp2.ONE);
        torsion = q.multiplyUnsafe(R - 1n).add(q);
      } catch {}
    }
    const g2Bad = encodeCrs({ ...crs, gHatList: crs.gHatList.map((p, i) => (i === 2 ? p.add(torsion) : p)) });
    const e2 = errorOf(() => loadCrs(g2Bad));
    expect(e2 instanceof CrsError && [e2.kind, e2.path, e2.pointError]).toEqual([
      'InvalidPoint',
      'g_hat_list[2]',
      'NotInSubgroup',
    ]);
  });
});
