// Roots of X² + X = v in GR(2^k, d), the public step of random-bit generation. In the residue field the
// equation has a root when Tr(v mod 2) = 0 (always true for v = a² + a); since the derivative 2X + 1 is a unit,
// that root lifts uniquely (Hensel). The lift is a coupled Newton iteration on whole vectors:
//   x ← x − (x² + x − v)·y,   y ← y·(2 − (2x + 1)·y)
// with y ≈ (2x + 1)^(−1), both doubling their correct low bits per step (1 → 2 → … → k), so log2 k steps of
// four vector products each, and no per-element inversion. The final y is the exact inverse of 1 + 2r, which
// the bit formula needs anyway.
import { type GaloisRing, galoisRing } from '../algebra/galois-ring.ts';
import { PrssError } from '../prss/errors.ts';

/** A root r of r² + r = v per element, and y = (1 + 2r)^(−1). */
export interface QuadraticRoots {
  readonly roots: BigUint64Array;
  readonly inverseOfOnePlusTwoRoots: BigUint64Array;
}

/**
 * Solves r² + r = v element-wise for public v; every party computes the same r (the even field root is lifted).
 * Throws a ProtocolAbort PrssError when some element has no root (v was not of the form a² + a).
 * @example const { roots } = solveQuadratic(R, opened); // R.mul(check, roots, roots); R.add(check, check, roots) == opened
 */
export function solveQuadratic(ring: GaloisRing, v: BigUint64Array): QuadraticRoots {
  const count = ring.count(v, 'v');
  let x: BigUint64Array;
  let y: BigUint64Array;
  if (ring.bits === 128) {
    // The first 64 bits of precision come from GR(2^64, d), where products cost a quarter; one step in
    // GR(2^128, d) then doubles 64 to 128.
    const low = galoisRing(64, ring.degree);
    const vLow = low.alloc(count);
    for (let i = 0; i < vLow.length; i++) vLow[i] = v[2 * i];
    const start = lift(low, vLow, count);
    x = ring.alloc(count);
    y = ring.alloc(count);
    for (let i = 0; i < vLow.length; i++) {
      x[2 * i] = start.x[i];
      y[2 * i] = start.y[i];
    }
    newtonSteps(ring, v, x, y, 1);
  } else {
    ({ x, y } = lift(ring, v, count));
  }
  const check = ring.alloc(count);
  ring.mul(check, x, x);
  ring.add(check, check, x);
  if (!ring.equals(check, v)) throw new PrssError('ProtocolAbort', 'v: Hensel lifting did not converge');
  return { roots: x, inverseOfOnePlusTwoRoots: y };
}

/** Field roots lifted to full precision of `ring`, with y = (1 + 2x)^(−1). */
function lift(ring: GaloisRing, v: BigUint64Array, count: number): { x: BigUint64Array; y: BigUint64Array } {
  const field = ring.field;
  const plane = ring.bitPlane(v, 0);
  for (let i = 0; i < count; i++) {
    const root = field.solveQuadratic(plane[i]);
    if (root === undefined) throw new PrssError('ProtocolAbort', `v: element ${i} has no root of X² + X = v`);
    plane[i] = root;
  }
  const x = ring.alloc(count);
  ring.embedBitPlane(x, plane, 0);
  const y = filled(ring, count, 1n);
  newtonSteps(ring, v, x, y, Math.log2(ring.bits));
  return { x, y };
}

/** `steps` coupled Newton steps in place: x ← x − (x² + x − v)·y, y ← y·(2 − (1 + 2x)·y). */
function newtonSteps(
  ring: GaloisRing,
  v: BigUint64Array,
  x: BigUint64Array,
  y: BigUint64Array,
  steps: number,
) {
  const count = ring.count(v);
  const ones = filled(ring, count, 1n);
  const twos = filled(ring, count, 2n);
  const f = ring.alloc(count);
  const u = ring.alloc(count);
  for (let step = 0; step < steps; step++) {
    ring.mul(f, x, x);
    ring.add(f, f, x);
    ring.sub(f, f, v);
    ring.mul(f, f, y);
    ring.sub(x, x, f);
    ring.add(u, x, x);
    ring.add(u, u, ones);
    ring.mul(f, u, y);
    ring.sub(f, twos, f);
    ring.mul(y, y, f);
  }
}

/** A vector of `count` copies of the integer x embedded in the constant coefficient. @example filled(R, 10, 1n) */
export function filled(ring: GaloisRing, count: number, x: bigint): BigUint64Array {
  const element = ring.embedInteger(x);
  const out = ring.alloc(count);
  const w = ring.wordsPerElement;
  for (let i = 0; i < count; i++) out.set(element, i * w);
  return out;
}
