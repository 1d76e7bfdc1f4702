// The algebra layer: Z_2^k words, GF(2^d), GR(2^k, d) vectors and their kernels. See README.md for the contract.
export { check, checkInteger, InvalidArgumentError } from './errors.ts';
export { degreeForParties, GaloisRing, galoisRing } from './galois-ring.ts';
export { GaloisField, galoisField, IRREDUCIBLE_POLYNOMIALS, MAX_DEGREE, MIN_DEGREE } from './gf.ts';
export {
  type FieldPoly,
  polyAdd,
  polyDegree,
  polyDivMod,
  polyEval,
  polyFromRoots,
  polyInterpolate,
  polyMul,
  polyScale,
  polyTrim,
} from './gf-poly.ts';
export { lagrangeAtZero, lagrangeCoefficients } from './lagrange.ts';
export {
  MASK64,
  MASK128,
  type RingBits,
  readValue,
  u128FromWords,
  u128ToWords,
  valuesToWords,
  wordsPerValue,
  wordsToValues,
  wrap,
  writeValue,
} from './words.ts';
