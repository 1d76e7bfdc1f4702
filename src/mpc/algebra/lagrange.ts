// Lagrange coefficients over GR(2^k, d) for parties evaluated at exceptional points.
import { check, checkInteger, InvalidArgumentError } from './errors.ts';
import type { GaloisRing } from './galois-ring.ts';

const cache = new Map<string, BigUint64Array>();

/**
 * λ_p(x) = Π_{q≠p} (x − x_q)/(x_p − x_q) for each party p in `parties` (1-based indices, distinct), as one vector
 * in the order of `parties`, so that f(x) = Σ λ_p(x)·f(x_p) for every f of degree < parties.length. `at` is an
 * exceptional-sequence index (0 = the secret's point) or a ring element.
 * @example R.linearCombination(secret, shares, lagrangeCoefficients(R, [1, 2, 4], 0))
 */
export function lagrangeCoefficients(
  R: GaloisRing,
  parties: readonly number[],
  at: number | BigUint64Array,
): BigUint64Array {
  check(parties.length > 0, 'parties: expected at least one party');
  const seen = new Set<number>();
  for (const p of parties) {
    checkInteger('parties[]', p, 1, R.field.size - 1);
    if (seen.has(p)) throw new InvalidArgumentError(`parties: party ${p} appears twice`);
    seen.add(p);
  }
  const key = typeof at === 'number' ? `${R.bits}/${R.degree}/${at}/${parties.join(',')}` : undefined;
  const cached = key && cache.get(key);
  if (cached) return cached.slice();
  const x = typeof at === 'number' ? R.exceptionalPoint(at) : at;
  check(R.count(x, 'at') === 1, 'at: expected an exceptional index or a single element');
  const points = parties.map((p) => R.exceptionalPoint(p));
  const out = R.alloc(parties.length);
  const numerator = R.alloc(1);
  const denominator = R.alloc(1);
  const diff = R.alloc(1);
  for (let i = 0; i < parties.length; i++) {
    numerator.set(R.one());
    denominator.set(R.one());
    for (let j = 0; j < parties.length; j++) {
      if (j === i) continue;
      R.sub(diff, x, points[j]);
      R.mul(numerator, numerator, diff);
      R.sub(diff, points[i], points[j]);
      R.mul(denominator, denominator, diff);
    }
    R.mul(R.element(out, i), numerator, R.inverse(denominator));
  }
  if (key) cache.set(key, out.slice());
  return out;
}

/** λ_p(0) for each party: the weights that reconstruct a secret from its shares. @example lagrangeAtZero(R, [1, 2, 3]) */
export function lagrangeAtZero(R: GaloisRing, parties: readonly number[]): BigUint64Array {
  return lagrangeCoefficients(R, parties, 0);
}
