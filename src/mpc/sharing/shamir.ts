// Shamir secret sharing over GR(2^k, d), batched: every operation is a handful of whole-vector
// "constant × vector" passes (R.mulConstAdd / R.linearCombination), never per-element work in TypeScript.
// Party p (1-based) holds f(exceptionalPoint(p)); the secret is f(0).
import {
  check,
  checkInteger,
  type GaloisRing,
  InvalidArgumentError,
  lagrangeAtZero,
} from '../algebra/index.ts';

/**
 * Checks that `parties` is a usable party count for the ring: 1 ≤ n < 2^d (the exceptional points 1..n).
 * @example checkPartyCount(R, shares.length)
 */
export function checkPartyCount(R: GaloisRing, parties: number, name = 'parties'): void {
  checkInteger(name, parties, 1, R.field.size - 1);
}

/**
 * Shares each element of `secrets` with a fresh random polynomial of degree `degree` (coefficients from the OS
 * CSPRNG via R.randomVector) and returns the share vectors of parties 1..`parties` (index p − 1 for party p).
 * @example const shares = shareSecrets(R, secrets, t, n); // shares[0] goes to party 1
 */
export function shareSecrets(
  R: GaloisRing,
  secrets: BigUint64Array,
  degree: number,
  parties: number,
): BigUint64Array[] {
  const count = R.count(secrets, 'secrets');
  checkPartyCount(R, parties);
  checkInteger('degree', degree, 0, parties - 1);
  const coefficients: BigUint64Array[] = [];
  for (let m = 1; m <= degree; m++) coefficients.push(R.randomVector(count));
  const shares: BigUint64Array[] = [];
  for (let p = 1; p <= parties; p++) {
    // f(x_p) = s + Σ_m a_m · x_p^m: one constant × vector pass per coefficient.
    const powers = R.powers(R.exceptionalPoint(p), degree + 1);
    const share = secrets.slice();
    for (let m = 1; m <= degree; m++) R.mulConstAdd(share, coefficients[m - 1], R.element(powers, m));
    shares.push(share);
  }
  return shares;
}

/**
 * Reconstructs f(0) for every element from the shares of `parties` (1-based, distinct) by Lagrange
 * interpolation; the sharing degree must be below parties.length. Not robust: a wrong share gives a wrong
 * value without notice. Use openRobust when any share may be wrong.
 * @example const secrets = reconstruct(R, [1, 3], [sharesOf1, sharesOf3]) // degree-1 sharing
 */
export function reconstruct(
  R: GaloisRing,
  parties: readonly number[],
  shares: readonly BigUint64Array[],
): BigUint64Array {
  check(parties.length > 0, 'parties: expected at least one party');
  if (shares.length !== parties.length) {
    throw new InvalidArgumentError(
      `shares: expected ${parties.length} vectors (one per party), got ${shares.length}`,
    );
  }
  const count = R.count(shares[0], 'shares[0]');
  for (let k = 1; k < shares.length; k++) {
    if (R.count(shares[k], `shares[${k}]`) !== count) {
      throw new InvalidArgumentError(`shares[${k}]: expected ${count} elements like shares[0]`);
    }
  }
  const out = R.alloc(count);
  R.linearCombination(out, shares, lagrangeAtZero(R, parties));
  return out;
}
