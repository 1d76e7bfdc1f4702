// Reed–Solomon decoding over the residue field GF(2^d) with Gao's algorithm (S. Gao, "A new algorithm for
// decoding Reed–Solomon codes", 2003): interpolate the received word, run the extended Euclidean algorithm on
// (Π (X − a_i), interpolant) until the remainder's degree drops below (N + k)/2, divide. Words are short (N ≤ 255
// points), so the O(N²) polynomial arithmetic of the algebra layer is all that is needed.
import {
  checkInteger,
  type FieldPoly,
  type GaloisField,
  InvalidArgumentError,
  polyAdd,
  polyDegree,
  polyDivMod,
  polyEval,
  polyFromRoots,
  polyInterpolate,
  polyMul,
} from '../algebra/index.ts';

/** A decoded Reed–Solomon word: the message polynomial and the positions (indices into `points`) that differ. */
export interface FieldDecoding {
  /** Degree < dimension; coefficient of X^i at index i. */
  readonly polynomial: FieldPoly;
  /** Indices i with polynomial(points[i]) ≠ received[i], ascending. */
  readonly errorPositions: number[];
}

/**
 * Decodes `received[i]` at `points[i]` (distinct field elements) to the unique polynomial of degree <
 * `dimension` that differs in at most ⌊(N − dimension)/2⌋ positions, or returns undefined when there is none.
 * @example decodeGao(F, [1, 2, 3, 4], [y1, y2, y3, y4], 2) // corrects one error among four points
 */
export function decodeGao(
  F: GaloisField,
  points: readonly number[],
  received: ArrayLike<number>,
  dimension: number,
): FieldDecoding | undefined {
  const count = points.length;
  if (received.length !== count) {
    throw new InvalidArgumentError(`received: expected ${count} values, got ${received.length}`);
  }
  checkInteger('dimension', dimension, 1, Math.max(1, count));
  const g0 = polyFromRoots(F, points);
  let r0: FieldPoly = g0;
  let r1: FieldPoly = polyInterpolate(F, points, received);
  let v0: FieldPoly = new Uint8Array(0);
  let v1: FieldPoly = Uint8Array.of(1);
  // Stop as soon as deg r1 < (N + k)/2.
  while (2 * polyDegree(r1) >= count + dimension) {
    const { quotient, remainder } = polyDivMod(F, r0, r1);
    r0 = r1;
    r1 = remainder;
    const next = polyAdd(v0, polyMul(F, quotient, v1));
    v0 = v1;
    v1 = next;
  }
  const { quotient: polynomial, remainder } = polyDivMod(F, r1, v1);
  if (polyDegree(remainder) >= 0 || polyDegree(polynomial) >= dimension) return undefined;
  const errorPositions: number[] = [];
  for (let i = 0; i < count; i++) {
    if (polyEval(F, polynomial, points[i]) !== received[i]) errorPositions.push(i);
  }
  if (2 * errorPositions.length > count - dimension) return undefined;
  return { polynomial, errorPositions };
}
