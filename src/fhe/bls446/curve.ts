// BLS12-446, the curve of tfhe-zk-pok (zama-ai/tfhe-rs: tfhe-zk-pok/src/curve_446), as an instance of the generic
// BLS12 module, and the checked operations the CRS code uses: validation, scalar multiplication, MSM, pairings.
import type { Fp2, Fp12 } from '@noble/curves/abstract/tower.js';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { type Bls12Constants, bls12 } from './bls12.ts';
import { CurveError, checkArg } from './errors.ts';

export type { Fp2, Fp12 };
/** A point of E(Fp): y² = x³ + 1 (G1 once validated). */
export type G1Point = WeierstrassPoint<bigint>;
/** A point of E'(Fp2): y² = x³ + (1 + u) (G2 once validated). */
export type G2Point = WeierstrassPoint<Fp2>;

/** The public constants of BLS12-446 (as in tfhe-zk-pok `curve_446`).
 * @example BLS12_446_CONSTANTS.r.toString(2).length // 299
 */
export const BLS12_446_CONSTANTS: Readonly<Bls12Constants> = Object.freeze<Bls12Constants>({
  p: 172824703542857155980071276579495962243492693522789898437834836356385656662277472896902502740297183690175962001546428467344062165330603n,
  r: 645383785691237230677916041525710377746967055506026847120930304831624105190538527824412673n,
  x: -0x6008204000000020001n,
  b: 1n,
  xi: [1n, 1n],
  g1: {
    x: 143189966182216199425404656824735381247272236095050141599848381692039676741476615087722874458136990266833440576646963466074693171606778n,
    y: 75202396197342917254523279069469674666303680671605970245803554133573745859131002231546341942288521574682619325841484506619191207488304n,
  },
  g2: {
    x: [
      96453755443802578867745476081903764610578492683850270111202389209355548711427786327510993588141991264564812146530214503491136289085725n,
      85346509177292795277012009839788781950274202400882571466460158277083221521663169974265433098009350061415973662678938824527658049065530n,
    ],
    y: [
      49316184343270950587272132771103279293158283984999436491292404103501221698714795975575879957605051223501287444864258801515822358837529n,
      107680854723992552431070996218129928499826544031468382031848626814251381379173928074140221537929995580031433096217223703806029068859074n,
    ],
  },
  beta: 18292478899820133222385880210918854254706405831091403105831645830694649873798259945392135397923436410689931051012n,
});

/** BLS12-446: fields, G1/G2 constructors, pairing (built once at import, ≈ 0.1 s).
 * @example const { G1, G2 } = bls446; G1.BASE.multiply(5n)
 */
export const bls446 = bls12(BLS12_446_CONSTANTS);

/** Base field modulus p (446 bits). */
export const P = BLS12_446_CONSTANTS.p;
/** Prime subgroup order r (299 bits). */
export const R = BLS12_446_CONSTANTS.r;

/** True for a non-negative bigint below r.
 * @example isScalar(5n) // true
 */
export function isScalar(s: unknown): s is bigint {
  return typeof s === 'bigint' && s >= 0n && s < R;
}

function checkScalar(s: unknown, name: string): asserts s is bigint {
  checkArg(isScalar(s), name, 'expected a bigint scalar in [0, r)');
}

function checkPointType<T>(
  pt: unknown,
  C: { new (...a: never[]): unknown },
  name: string,
): asserts pt is WeierstrassPoint<T> {
  checkArg(pt instanceof C, name, `expected a ${C === bls446.G1 ? 'G1' : 'G2'} point`);
}

/** Throws CurveError unless `pt` is a G1 point on the curve and in the prime-order subgroup; infinity is rejected
 * unless `allowInfinity`.
 * @example assertG1(point, 'g_list[3]')
 */
export function assertG1(pt: unknown, name = 'point', allowInfinity = false): asserts pt is G1Point {
  checkPointType<bigint>(pt, bls446.G1, name);
  assertValid(pt, name, allowInfinity, isOnCurveG1(pt));
}

/** Same as assertG1 for G2.
 * @example assertG2(point, 'g_hat_list[0]')
 */
export function assertG2(pt: unknown, name = 'point', allowInfinity = false): asserts pt is G2Point {
  checkPointType<Fp2>(pt, bls446.G2, name);
  assertValid(pt, name, allowInfinity, isOnCurveG2(pt));
}

/** What each validation failure says (shared by the noble and WebAssembly validation paths).
 * @example INVALID_POINT_DETAIL.NotInSubgroup
 */
export const INVALID_POINT_DETAIL = Object.freeze({
  Infinity: 'the point at infinity is not allowed here',
  NotOnCurve: 'coordinates do not satisfy the curve equation',
  NotInSubgroup: 'point is not in the prime-order subgroup',
});

function assertValid<T>(
  pt: WeierstrassPoint<T>,
  name: string,
  allowInfinity: boolean,
  onCurve: boolean,
): void {
  if (pt.is0()) {
    if (!allowInfinity) throw new CurveError('Infinity', name, INVALID_POINT_DETAIL.Infinity);
    return;
  }
  if (!onCurve) throw new CurveError('NotOnCurve', name, INVALID_POINT_DETAIL.NotOnCurve);
  // On the curve, noble's assertValidity can only fail on the subgroup test; it also caches success on the
  // (immutable) point, so the pairing's own re-validation of the same object is free.
  try {
    pt.assertValidity();
  } catch {
    throw new CurveError('NotInSubgroup', name, INVALID_POINT_DETAIL.NotInSubgroup);
  }
}

/** Curve equation y² = x³ + 1 for a G1 point (projective; true for infinity).
 * @example isOnCurveG1(bls446.G1.BASE) // true
 */
export function isOnCurveG1(pt: G1Point): boolean {
  const F = bls446.Fp;
  const { X, Y, Z } = pt;
  if (F.is0(Z)) return true;
  // Y²Z = X³ + bZ³
  const z2 = F.sqr(Z);
  return F.eql(F.mul(F.sqr(Y), Z), F.add(F.mul(F.sqr(X), X), F.mul(z2, Z)));
}

/** Curve equation y² = x³ + (1 + u) for a G2 point (projective; true for infinity).
 * @example isOnCurveG2(bls446.G2.BASE) // true
 */
export function isOnCurveG2(pt: G2Point): boolean {
  const F = bls446.Fp2;
  const { X, Y, Z } = pt;
  if (F.is0(Z)) return true;
  const z3 = F.mul(F.sqr(Z), Z);
  return F.eql(F.mul(F.sqr(Y), Z), F.add(F.mul(F.sqr(X), X), F.mulByNonresidue(z3)));
}

/** Subgroup membership of a G1 point known to be on the curve (φ(P) = [−x²]P).
 * @example isTorsionFreeG1(bls446.G1.BASE) // true
 */
export function isTorsionFreeG1(pt: G1Point): boolean {
  checkPointType<bigint>(pt, bls446.G1, 'point');
  return pt.isTorsionFree();
}

/** Subgroup membership of a G2 point known to be on the curve (ψ(P) = [x]P).
 * @example isTorsionFreeG2(bls446.G2.BASE) // true
 */
export function isTorsionFreeG2(pt: G2Point): boolean {
  checkPointType<Fp2>(pt, bls446.G2, 'point');
  return pt.isTorsionFree();
}

/** [s]P in G1 for a secret scalar s ∈ [0, r) (noble's constant-time ladder; s = 0 gives infinity).
 * @example mulG1(bls446.G1.BASE, tau)
 */
export function mulG1(pt: G1Point, s: bigint, name = 'point'): G1Point {
  checkPointType<bigint>(pt, bls446.G1, name);
  checkScalar(s, 'scalar');
  return s === 0n || pt.is0() ? bls446.G1.ZERO : pt.multiply(s);
}

/** [s]Q in G2 for a secret scalar s ∈ [0, r).
 * @example mulG2(bls446.G2.BASE, tau)
 */
export function mulG2(pt: G2Point, s: bigint, name = 'point'): G2Point {
  checkPointType<Fp2>(pt, bls446.G2, name);
  checkScalar(s, 'scalar');
  return s === 0n || pt.is0() ? bls446.G2.ZERO : pt.multiply(s);
}

/** Σ sᵢ·Pᵢ over G1 (Pippenger; public scalars only, not constant-time).
 * @example msmG1([P, Q], [2n, 3n])
 */
export function msmG1(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  checkMsm(points, scalars, bls446.G1);
  return bucketMsm(bls446.G1.ZERO, points, scalars);
}

/** Σ sᵢ·Qᵢ over G2 (Pippenger; public scalars only).
 * @example msmG2([Q1, Q2], [2n, 3n])
 */
export function msmG2(points: readonly G2Point[], scalars: readonly bigint[]): G2Point {
  checkMsm(points, scalars, bls446.G2);
  return bucketMsm(bls446.G2.ZERO, points, scalars);
}

// Pippenger's bucket method over the actual bit length of the scalars: noble's pippenger always walks all 299 bits
// of r and adds into the zero bucket too, which costs 2.3× more for the 128-bit coefficients of batched checks.
function bucketMsm<T>(
  zero: WeierstrassPoint<T>,
  points: readonly WeierstrassPoint<T>[],
  scalars: readonly bigint[],
) {
  let maxBits = 0;
  for (const s of scalars) maxBits = Math.max(maxBits, s.toString(2).length);
  if (points.length === 0 || (maxBits === 1 && scalars.every((s) => s === 0n))) return zero;
  const logN = Math.max(1, Math.ceil(Math.log2(points.length)));
  const c = logN < 4 ? 2 : logN < 8 ? logN - 1 : logN - 2;
  const mask = (1n << BigInt(c)) - 1n;
  const buckets = new Array<WeierstrassPoint<T> | undefined>(1 << c);
  let sum = zero;
  for (let shift = Math.floor((maxBits - 1) / c) * c; shift >= 0; shift -= c) {
    for (let i = 0; i < c && !sum.is0(); i++) sum = sum.double();
    buckets.fill(undefined);
    const bigShift = BigInt(shift);
    for (let j = 0; j < points.length; j++) {
      const digit = Number((scalars[j] >> bigShift) & mask);
      if (digit === 0) continue;
      const b = buckets[digit];
      buckets[digit] = b === undefined ? points[j] : b.add(points[j]);
    }
    let running: WeierstrassPoint<T> | undefined;
    let window: WeierstrassPoint<T> | undefined;
    for (let d = buckets.length - 1; d > 0; d--) {
      const b = buckets[d];
      if (b !== undefined) running = running === undefined ? b : running.add(b);
      if (running !== undefined) window = window === undefined ? running : window.add(running);
    }
    if (window !== undefined) sum = sum.add(window);
  }
  return sum;
}

function checkMsm(
  points: readonly unknown[],
  scalars: readonly unknown[],
  C: { new (...a: never[]): unknown },
): void {
  checkArg(Array.isArray(points), 'points', 'expected an array of points');
  checkArg(Array.isArray(scalars), 'scalars', 'expected an array of bigints');
  checkArg(
    points.length === scalars.length,
    'scalars',
    `expected ${points.length} scalars, got ${scalars.length}`,
  );
  for (let i = 0; i < points.length; i++) {
    checkArg(points[i] instanceof C, `points[${i}]`, 'expected a point of the right group');
    checkScalar(scalars[i], `scalars[${i}]`);
  }
}

/** The reduced optimal ate pairing e(P, Q) ∈ Fp12 (e(G1, G2)³ in arkworks' normalisation); both points are
 * validated and must not be infinity.
 * @example pairing(bls446.G1.BASE, bls446.G2.BASE)
 */
export function pairing(p: G1Point, q: G2Point): Fp12 {
  assertG1(p, 'p');
  assertG2(q, 'q');
  return bls446.pairing.pairing(p, q);
}

/** True iff Π e(Pᵢ, Qᵢ) = 1, with one shared final exponentiation; pairs containing infinity contribute 1. Every
 * point is validated (curve and subgroup).
 * @example pairingProductIsOne([{ g1: a, g2: q }, { g1: b.negate(), g2: q }]) // true iff a = b
 */
export function pairingProductIsOne(pairs: readonly { g1: G1Point; g2: G2Point }[]): boolean {
  checkArg(Array.isArray(pairs), 'pairs', 'expected an array of { g1, g2 }');
  const live: { g1: G1Point; g2: G2Point }[] = [];
  pairs.forEach((pr, i) => {
    assertG1(pr?.g1, `pairs[${i}].g1`, true);
    assertG2(pr?.g2, `pairs[${i}].g2`, true);
    if (!pr.g1.is0() && !pr.g2.is0()) live.push(pr);
  });
  return bls446.Fp12.eql(bls446.pairing.pairingBatch(live), bls446.Fp12.ONE);
}
