// Pairing check that two point lists are powers of one secret α: g_i = α^i·G (i = 1..2n, g_{n+1} punctured) and
// ĝ_j = α^j·Ĝ (j = 1..n). With g_0 = G, ĝ_0 = Ĝ the relations are
//   (a) e(g_{i+1}, Ĝ) = e(g_i, ĝ_1)   for i = 0..2n−1, i ∉ {n, n+1}   (i = 0 links the G1 and G2 lists)
//   (b) e(g_{n+2}, Ĝ) = e(g_n, ĝ_2)   (bridges the puncture)
//   (c) e(G, ĝ_{j+1}) = e(g_1, ĝ_j)   for j = 1..n−1
// They are checked all at once with random 128-bit coefficients ρ, σ: one MSM per side and one product of five
// pairings; a false list passes with probability ≈ 2^−128. This is what a ceremony verifier runs on a contribution.
import { randomBytes } from 'node:crypto';
import { CurveError } from '../bls446/errors.ts';
import {
  assertG1,
  assertG2,
  bls446,
  type G1Point,
  type G2Point,
  msmG1,
  msmG2,
  pairingProductIsOne,
} from '../bls446/index.ts';
import { CrsError, checkCrsArg } from './errors.ts';

/** Options of checkPowersOfTau. */
export interface PowersCheckOptions {
  /** source of the random coefficients (default: node:crypto); tests inject a seeded one */
  random?: (bytes: number) => Uint8Array;
  /** skip per-point curve/subgroup checks when the caller already ran validateCrs */
  pointsValidated?: boolean;
}

function coefficient(random: (n: number) => Uint8Array): bigint {
  const b = random(16);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v | 1n;
}

/** The four MSMs of the batched check, and how to finish it with one product of five pairings. */
export interface PowersRelations {
  g1: { points: G1Point[]; scalars: bigint[] }[];
  g2: { points: G2Point[]; scalars: bigint[] }[];
  /** given Σρ·upper, Σρ·lower (G1) and Σσ·upper, Σσ·lower (G2), whether all relations hold */
  finish(a: G1Point, b: G1Point, a2: G2Point, b2: G2Point): boolean;
}

/** Checks lengths, points (unless `pointsValidated`) and the puncture, draws the coefficients and returns the MSMs
 * of the batched relations; checkPowersOfTau runs them in this thread, checkPowersOfTauAsync in workers. */
export function powersRelations(
  gList: readonly G1Point[],
  gHatList: readonly G2Point[],
  options: PowersCheckOptions = {},
): PowersRelations {
  checkCrsArg(Array.isArray(gList) && Array.isArray(gHatList), 'gList', 'expected arrays of points');
  checkCrsArg(typeof options === 'object' && options !== null, 'options', 'expected an options object');
  const n = gHatList.length;
  checkCrsArg(n >= 2, 'gHatList', 'expected at least 2 points');
  checkCrsArg(gList.length === 2 * n, 'gList', `expected 2n = ${2 * n} points, got ${gList.length}`);
  const random = options.random ?? ((k: number) => new Uint8Array(randomBytes(k)));
  checkCrsArg(typeof random === 'function', 'options.random', 'expected a function');
  for (const [i, p] of gList.entries())
    checkCrsArg(p instanceof bls446.G1, `gList[${i}]`, 'expected a G1 point');
  for (const [j, p] of gHatList.entries())
    checkCrsArg(p instanceof bls446.G2, `gHatList[${j}]`, 'expected a G2 point');
  if (!options.pointsValidated) {
    try {
      for (let i = 0; i < gList.length; i++) {
        assertG1(gList[i], `g_list[${i}]`, i === n);
        if (i < n) assertG2(gHatList[i], `g_hat_list[${i}]`);
      }
    } catch (e) {
      if (e instanceof CurveError) throw new CrsError('InvalidPoint', e.argument, e.message, e.kind, e);
      throw e;
    }
  }
  if (!(gList[n] instanceof bls446.G1) || !gList[n].is0()) {
    throw new CrsError('InvalidStructure', `g_list[${n}]`, 'the puncture g_{n+1} must be infinity');
  }
  const G = bls446.G1.BASE;
  const H = bls446.G2.BASE;
  const g = (i: number) => (i === 0 ? G : gList[i - 1]); // 1-based, g_0 = G
  const h = (j: number) => (j === 0 ? H : gHatList[j - 1]);

  const upper: G1Point[] = [];
  const lower: G1Point[] = [];
  const rho: bigint[] = [];
  for (let i = 0; i <= 2 * n - 1; i++) {
    if (i === n || i === n + 1) continue;
    upper.push(g(i + 1));
    lower.push(g(i));
    rho.push(coefficient(random));
  }
  const rhoBridge = coefficient(random);
  const up2: G2Point[] = [];
  const low2: G2Point[] = [];
  const sigma: bigint[] = [];
  for (let j = 1; j <= n - 1; j++) {
    up2.push(h(j + 1));
    low2.push(h(j));
    sigma.push(coefficient(random));
  }
  return {
    g1: [
      { points: [...upper, g(n + 2)], scalars: [...rho, rhoBridge] },
      { points: lower, scalars: rho },
    ],
    g2: [
      { points: up2, scalars: sigma },
      { points: low2, scalars: sigma },
    ],
    finish: (a, b, a2, b2) =>
      pairingProductIsOne([
        { g1: a, g2: H },
        { g1: b.negate(), g2: h(1) },
        { g1: g(n).multiplyUnsafe(rhoBridge).negate(), g2: h(2) },
        { g1: G, g2: a2 },
        { g1: g(1).negate(), g2: b2 },
      ]),
  };
}

/** True iff gList (2n points, gList[n] = ∞) and gHatList (n points) are successive powers of one secret, by the
 * batched pairing relations above. Points are validated first unless `pointsValidated`. Throws CrsError on
 * malformed input (wrong lengths, invalid points); returns false if the relations do not hold.
 * @example checkPowersOfTau(crs.gList, crs.gHatList) // true for any honestly generated CRS
 */
export function checkPowersOfTau(
  gList: readonly G1Point[],
  gHatList: readonly G2Point[],
  options: PowersCheckOptions = {},
): boolean {
  const rel = powersRelations(gList, gHatList, options);
  const [a, b] = rel.g1.map((m) => msmG1(m.points, m.scalars));
  const [a2, b2] = rel.g2.map((m) => msmG2(m.points, m.scalars));
  return rel.finish(a, b, a2, b2);
}
