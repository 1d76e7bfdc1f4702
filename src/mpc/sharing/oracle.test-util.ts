// Test-only BigInt model of GR(2^k, d) and of the adversaries' corruptions. Written independently of the algebra
// layer (schoolbook product, brute-force residue inverse, Newton lifting) so the tests compare against it.
import { randomBytes, randomInt } from 'node:crypto';
import type { GaloisRing } from '../algebra/index.ts';

const MODULI: Record<number, number> = {
  3: 0b1011,
  4: 0b10011,
  5: 0b100101,
  6: 0b1000011,
  7: 0b10000011,
  8: 0b100011011,
};

export type Element = bigint[];

export class OracleRing {
  readonly mask: bigint;
  constructor(
    readonly bits: number,
    readonly d: number,
  ) {
    this.mask = (1n << BigInt(bits)) - 1n;
  }

  add(a: Element, b: Element): Element {
    return a.map((x, i) => (x + b[i]) & this.mask);
  }

  sub(a: Element, b: Element): Element {
    return a.map((x, i) => (x - b[i]) & this.mask);
  }

  mul(a: Element, b: Element): Element {
    const d = this.d;
    const p = new Array<bigint>(2 * d - 1).fill(0n);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) p[i + j] += a[i] * b[j];
    const f = MODULI[d];
    for (let m = 2 * d - 2; m >= d; m--) {
      for (let j = 0; j < d; j++) if ((f >> j) & 1) p[m - d + j] -= p[m];
    }
    return p.slice(0, d).map((x) => x & this.mask);
  }

  constant(x: bigint): Element {
    return [x & this.mask, ...new Array<bigint>(this.d - 1).fill(0n)];
  }

  /** Party p's point Σ bit_j(p) X^j. */
  point(p: number): Element {
    return Array.from({ length: this.d }, (_, j) => BigInt((p >> j) & 1));
  }

  inverse(x: Element): Element {
    const residue = (e: Element) => e.map((c) => c & 1n);
    const one = this.constant(1n);
    // Brute-force inverse mod 2 among the 2^d bit patterns, then Newton y ← y(2 − xy).
    let y: Element | undefined;
    for (let v = 1; v < 1 << this.d && !y; v++) {
      const candidate = this.point(v);
      if (residue(this.mul(x, candidate)).every((c, j) => c === one[j])) y = candidate;
    }
    if (!y) throw new Error('oracle: not a unit');
    for (let i = 0; i < 8; i++) y = this.mul(y, this.sub(this.constant(2n), this.mul(x, y)));
    return y;
  }

  /** f(0) of the polynomial through (point(p), ys[k]) for p = parties[k]. */
  interpolateAtZero(parties: readonly number[], ys: readonly Element[]): Element {
    let acc = this.constant(0n);
    for (let i = 0; i < parties.length; i++) {
      let num = this.constant(1n);
      let den = this.constant(1n);
      for (let j = 0; j < parties.length; j++) {
        if (j === i) continue;
        num = this.mul(num, this.sub(this.constant(0n), this.point(parties[j])));
        den = this.mul(den, this.sub(this.point(parties[i]), this.point(parties[j])));
      }
      acc = this.add(acc, this.mul(ys[i], this.mul(num, this.inverse(den))));
    }
    return acc;
  }

  /** Σ coeffs[m] x^m. */
  evaluate(coeffs: readonly Element[], x: Element): Element {
    let acc = this.constant(0n);
    for (let m = coeffs.length - 1; m >= 0; m--) acc = this.add(this.mul(acc, x), coeffs[m]);
    return acc;
  }

  random(): Element {
    return Array.from({ length: this.d }, () => BigInt(`0x${randomBytes(this.bits / 8).toString('hex')}`));
  }
}

export function readElement(R: GaloisRing, v: BigUint64Array, i: number): Element {
  return R.toBigints(v, i);
}

export function writeElement(R: GaloisRing, v: BigUint64Array, i: number, e: Element): void {
  R.element(v, i).set(R.fromBigints(e));
}

export function pickParties(n: number, count: number, exclude: readonly number[] = []): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const p = 1 + randomInt(n);
    if (!exclude.includes(p)) chosen.add(p);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** A random element that is nonzero at bit `plane` of some coefficient and zero below it (valuation = plane). */
export function errorAtPlane(O: OracleRing, plane: number): Element {
  const low = O.random().map((c) => (c << BigInt(plane)) & O.mask);
  // Ensure the lowest set bit is exactly `plane` in coefficient 0 or a random coefficient.
  const j = randomInt(O.d);
  low[j] = (low[j] | (1n << BigInt(plane))) & O.mask;
  return low;
}

/**
 * The textbook lifted decoder, plane by plane for all k planes, in BigInt: decode bit b of the residuals in
 * GF(2^d), add 2^b·lift(g) to the result, subtract 2^b·lift(g)(x_p) from the residuals, erase parties caught
 * lying. `decodeField` decodes one GF(2^d) word. Returns f(0) and the liars, or undefined when a plane fails.
 */
export function liftedDecodeOracle(
  O: OracleRing,
  parties: readonly number[],
  ys: readonly Element[],
  degree: number,
  decodeField: (
    points: number[],
    word: number[],
    dimension: number,
  ) => { polynomial: ArrayLike<number>; errorPositions: number[] } | undefined,
): { value: Element; liars: number[] } | undefined {
  const residual = ys.map((y) => y.slice());
  const alive = parties.map((_, i) => i);
  const liars: number[] = [];
  let value = O.constant(0n);
  for (let b = 0; b < O.bits; b++) {
    const bit = (c: bigint) => Number((c >> BigInt(b)) & 1n);
    const word = alive.map((i) => residual[i].reduce((x, c, j) => x | (bit(c) << j), 0));
    const decoded = decodeField(
      alive.map((i) => parties[i]),
      word,
      degree + 1,
    );
    if (!decoded) return undefined;
    const caught = decoded.errorPositions.map((k) => alive[k]);
    for (const i of caught) liars.push(parties[i]);
    for (const i of caught) alive.splice(alive.indexOf(i), 1);
    const lifted = Array.from({ length: degree + 1 }, (_, m) =>
      O.point(decoded.polynomial[m] ?? 0).map((c) => (c << BigInt(b)) & O.mask),
    );
    value = O.add(value, lifted[0]);
    for (const i of alive) residual[i] = O.sub(residual[i], O.evaluate(lifted, O.point(parties[i])));
  }
  return { value, liars: liars.sort((a, b) => a - b) };
}
