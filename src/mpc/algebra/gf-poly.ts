// Polynomials over GF(2^d) for Reed–Solomon decoding. A polynomial is a Uint8Array of coefficients, lowest degree
// first. Results are trimmed (no zero leading coefficient); the zero polynomial is the empty array.
import { InvalidArgumentError } from './errors.ts';
import type { GaloisField } from './gf.ts';

/** A polynomial over GF(2^d), coefficient of X^i at index i. @example const p: FieldPoly = Uint8Array.of(1, 0, 1) */
export type FieldPoly = Uint8Array;

/** Degree of p (−1 for the zero polynomial); trailing zeros are ignored. @example polyDegree(Uint8Array.of(1, 2, 0)) === 1 */
export function polyDegree(p: FieldPoly): number {
  let i = p.length - 1;
  while (i >= 0 && p[i] === 0) i--;
  return i;
}

/** p without zero leading coefficients (a view, not a copy). @example polyTrim(Uint8Array.of(1, 0)).length === 1 */
export function polyTrim(p: FieldPoly): FieldPoly {
  return p.subarray(0, polyDegree(p) + 1);
}

/** a + b (= a − b). @example polyAdd(Uint8Array.of(1, 1), Uint8Array.of(1)) // [0, 1] */
export function polyAdd(a: FieldPoly, b: FieldPoly): FieldPoly {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  for (let i = 0; i < short.length; i++) out[i] ^= short[i];
  return polyTrim(out);
}

/** c · p for a field element c. @example polyScale(F, p, F.inv(p[polyDegree(p)])) // monic */
export function polyScale(F: GaloisField, p: FieldPoly, c: number): FieldPoly {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = F.mul(p[i], c);
  return polyTrim(out);
}

/** a · b. @example polyMul(F, Uint8Array.of(1, 1), Uint8Array.of(1, 1)) // X² + 1 */
export function polyMul(F: GaloisField, a: FieldPoly, b: FieldPoly): FieldPoly {
  const da = polyDegree(a);
  const db = polyDegree(b);
  if (da < 0 || db < 0) return new Uint8Array(0);
  const out = new Uint8Array(da + db + 1);
  for (let i = 0; i <= da; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j <= db; j++) out[i + j] ^= F.mul(ai, b[j]);
  }
  return polyTrim(out);
}

/** Quotient and remainder of a / b; throws when b is zero. @example const { quotient, remainder } = polyDivMod(F, a, b) */
export function polyDivMod(
  F: GaloisField,
  a: FieldPoly,
  b: FieldPoly,
): { quotient: FieldPoly; remainder: FieldPoly } {
  const db = polyDegree(b);
  if (db < 0) throw new InvalidArgumentError('b: division by the zero polynomial');
  const rem = polyTrim(a).slice();
  const da = rem.length - 1;
  if (da < db) return { quotient: new Uint8Array(0), remainder: rem };
  const quotient = new Uint8Array(da - db + 1);
  const leadInv = F.inv(b[db]);
  for (let i = da; i >= db; i--) {
    const c = rem[i];
    if (c === 0) continue;
    const q = F.mul(c, leadInv);
    quotient[i - db] = q;
    for (let j = 0; j <= db; j++) rem[i - db + j] ^= F.mul(q, b[j]);
  }
  return { quotient: polyTrim(quotient), remainder: polyTrim(rem) };
}

/** p(x) by Horner's rule. @example polyEval(F, Uint8Array.of(5, 1), 5) === 0 */
export function polyEval(F: GaloisField, p: FieldPoly, x: number): number {
  let acc = 0;
  for (let i = p.length - 1; i >= 0; i--) acc = F.mul(acc, x) ^ p[i];
  return acc;
}

/** Π (X − r) over the given roots. @example polyFromRoots(F, [1, 2]) // X² + 3X + 2 */
export function polyFromRoots(F: GaloisField, roots: readonly number[]): FieldPoly {
  let p: FieldPoly = Uint8Array.of(1);
  for (const r of roots) p = polyMul(F, p, Uint8Array.of(r, 1));
  return p;
}

/**
 * The polynomial of degree < xs.length through the points (xs[i], ys[i]) (Lagrange form, O(n²)); the xs must be
 * distinct. @example polyInterpolate(F, [1, 2, 3], [y1, y2, y3])
 */
export function polyInterpolate(F: GaloisField, xs: readonly number[], ys: ArrayLike<number>): FieldPoly {
  if (xs.length !== ys.length) {
    throw new InvalidArgumentError(`ys: expected ${xs.length} values, got ${ys.length}`);
  }
  const all = polyFromRoots(F, xs);
  let out: FieldPoly = new Uint8Array(0);
  for (let i = 0; i < xs.length; i++) {
    if (ys[i] === 0) continue;
    const basis = polyDivMod(F, all, Uint8Array.of(xs[i], 1)).quotient;
    const denom = polyEval(F, basis, xs[i]);
    if (denom === 0) throw new InvalidArgumentError(`xs: points must be distinct (repeated ${xs[i]})`);
    out = polyAdd(out, polyScale(F, basis, F.div(ys[i], denom)));
  }
  return out;
}
