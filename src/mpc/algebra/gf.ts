// GF(2^d), d = 3..8: the residue fields of the Galois rings. Elements are integers 0..2^d−1 whose bit j is the
// coefficient of X^j. Multiplication goes through log/exp tables (at most 256 entries each), built once per d.
import { check, checkInteger, InvalidArgumentError } from './errors.ts';

/** The smallest and largest supported extension degrees. @example for (let d = MIN_DEGREE; d <= MAX_DEGREE; d++) */
export const MIN_DEGREE = 3;
export const MAX_DEGREE = 8;

/**
 * The irreducible polynomial F(X) of each degree, as an integer with bit j = coefficient of X^j (bit d set).
 * d = 3, 4, 8 are those of the reference KMS (X^3+X+1, X^4+X+1, X^8+X^4+X^3+X+1); 5, 6, 7 are X^5+X^2+1,
 * X^6+X+1, X^7+X+1, also the reference's choices. The Galois rings lift the same F.
 * @example IRREDUCIBLE_POLYNOMIALS[4] === 0b10011
 */
export const IRREDUCIBLE_POLYNOMIALS: Readonly<Record<number, number>> = Object.freeze({
  3: 0b1011,
  4: 0b10011,
  5: 0b100101,
  6: 0b1000011,
  7: 0b10000011,
  8: 0b100011011,
});

/** Carry-less multiplication of two GF(2^d) elements reduced by `poly` (slow; used to build the tables). */
function mulSlow(a: number, b: number, d: number, poly: number): number {
  let r = 0;
  for (let i = 0; i < d; i++) {
    if ((b >> i) & 1) r ^= a << i;
  }
  for (let i = 2 * d - 2; i >= d; i--) {
    if ((r >> i) & 1) r ^= poly << (i - d);
  }
  return r;
}

/** The finite field GF(2^d) with the modulus of IRREDUCIBLE_POLYNOMIALS[d]. Create with `galoisField(d)`. */
export class GaloisField {
  /** Extension degree d. */
  readonly degree: number;
  /** Number of elements 2^d. */
  readonly size: number;
  /** F(X) with bit j = coefficient of X^j. */
  readonly modulus: number;
  /** A generator of the multiplicative group (X itself except for d = 8, where X + 1 is used). */
  readonly generator: number;
  /** exp[i] = generator^i for i in [0, 2·(size−1)): doubled so that exp[log a + log b] needs no reduction. */
  readonly exp: Uint8Array;
  /** log[a] = discrete log of a ≠ 0; log[0] is unused. */
  readonly log: Uint8Array;
  readonly #inverse: Uint8Array;
  #halfTraceRoots: Int16Array | undefined;

  constructor(degree: number) {
    checkInteger('degree', degree, MIN_DEGREE, MAX_DEGREE);
    this.degree = degree;
    this.size = 1 << degree;
    this.modulus = IRREDUCIBLE_POLYNOMIALS[degree];
    const order = this.size - 1;
    this.generator = 0;
    for (let g = 2; g < this.size && this.generator === 0; g++) {
      let x = 1;
      let k = 0;
      do {
        x = mulSlow(x, g, degree, this.modulus);
        k++;
      } while (x !== 1);
      if (k === order) this.generator = g;
    }
    this.exp = new Uint8Array(2 * order);
    this.log = new Uint8Array(this.size);
    let x = 1;
    for (let i = 0; i < order; i++) {
      this.exp[i] = x;
      this.exp[i + order] = x;
      this.log[x] = i;
      x = mulSlow(x, this.generator, degree, this.modulus);
    }
    this.#inverse = new Uint8Array(this.size);
    for (let a = 1; a < this.size; a++) this.#inverse[a] = this.exp[(order - this.log[a]) % order];
  }

  /** a + b (= a − b = a XOR b). @example F.add(3, 5) === 6 */
  add(a: number, b: number): number {
    return a ^ b;
  }

  /** a · b. @example galoisField(4).mul(2, 8) === 3 // X · X^3 = X^4 = X + 1 */
  mul(a: number, b: number): number {
    if (a === 0 || b === 0) return 0;
    return this.exp[this.log[a] + this.log[b]];
  }

  /** 1 / a; throws for a = 0. @example F.mul(a, F.inv(a)) === 1 */
  inv(a: number): number {
    this.#checkElement('a', a);
    if (a === 0) throw new InvalidArgumentError('a: 0 has no inverse in GF(2^d)');
    return this.#inverse[a];
  }

  /** a / b; throws for b = 0. @example F.div(F.mul(a, b), b) === a */
  div(a: number, b: number): number {
    return this.mul(a, this.inv(b));
  }

  /** a^e for an integer e ≥ 0 (0^0 = 1). @example F.pow(2, F.size - 1) === 1 */
  pow(a: number, e: number): number {
    if (e === 0) return 1;
    if (a === 0) return 0;
    return this.exp[(this.log[a] * (e % (this.size - 1))) % (this.size - 1)];
  }

  /** The unique square root (squaring is a bijection in characteristic 2). @example F.mul(F.sqrt(a), F.sqrt(a)) === a */
  sqrt(a: number): number {
    return this.pow(a, this.size >> 1);
  }

  /**
   * A root x of x² + x = v, or undefined when there is none (Tr(v) ≠ 0). Of the two roots x and x + 1 the
   * even one (bit 0 clear) is returned, so every party picks the same.
   * @example const x = F.solveQuadratic(v)!; F.mul(x, x) ^ x === v
   */
  solveQuadratic(v: number): number | undefined {
    this.#checkElement('v', v);
    if (!this.#halfTraceRoots) {
      const roots = new Int16Array(this.size).fill(-1);
      for (let x = 0; x < this.size; x += 2) roots[this.mul(x, x) ^ x] = x;
      this.#halfTraceRoots = roots;
    }
    const root = this.#halfTraceRoots[v];
    return root < 0 ? undefined : root;
  }

  /** True if `a` is an integer element of this field. @example F.isElement(16) === false for d = 4 */
  isElement(a: number): boolean {
    return Number.isInteger(a) && a >= 0 && a < this.size;
  }

  #checkElement(name: string, a: number): void {
    check(
      this.isElement(a),
      `${name}: expected a GF(2^${this.degree}) element in [0, ${this.size}), got ${a}`,
    );
  }
}

const fields = new Map<number, GaloisField>();

/** The (cached) field GF(2^d) for d = 3..8. @example const F = galoisField(4); F.mul(3, 7) */
export function galoisField(degree: number): GaloisField {
  let field = fields.get(degree);
  if (!field) {
    field = new GaloisField(degree);
    fields.set(degree, field);
  }
  return field;
}
