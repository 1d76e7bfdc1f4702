// Shared uniform random bits over GR(2^k, d) (the reference's online/gen_bits.rs, Z_2^k square-root trick):
//   a ← PRSS, one triple (x, y, z): open ε = a − x, δ = a − y (one round) and set [a²] = [z] + ε[y] + δ[x] + εδ;
//   open v = a² + a (one round); r = Solve(v) is public and a ∈ {r, −1 − r}, each with probability 1/2;
//   b = (a − r)/(−(1 + 2r)) = (r − a)·(1 + 2r)^(−1) ∈ {0, 1}.
// Cost per bit: one triple, one random, two opening rounds (after the triples' broadcast).
import type { PreprocessingContext } from './context.ts';
import { openShares } from './open.ts';
import { solveQuadratic } from './solve.ts';
import { generateTriples, type TripleShares } from './triples.ts';

/**
 * Shares (degree t) of `count` uniform bits, each the ring element 0 or 1. Uses fresh triples unless
 * `triples` (at least `count` of them, consumed from the start) are given.
 * @example const bits = await generateBits(ctx, 10_000)
 */
export async function generateBits(
  ctx: PreprocessingContext,
  count: number,
  triples?: TripleShares,
): Promise<BigUint64Array> {
  const ring = ctx.prss.ring;
  const a = ctx.prss.nextRandom(count);
  const { a: x, b: y, c: z } = triples ?? (await generateTriples(ctx, count));
  const masked = ring.alloc(2 * count);
  const epsilonShares = ring.slice(masked, 0, count);
  const deltaShares = ring.slice(masked, count, 2 * count);
  ring.sub(epsilonShares, a, ring.slice(x, 0, count));
  ring.sub(deltaShares, a, ring.slice(y, 0, count));
  const opened = await openShares(ctx, masked);
  const epsilon = ring.slice(opened, 0, count);
  const delta = ring.slice(opened, count, 2 * count);

  const v = ring.slice(z, 0, count).slice();
  ring.mulAdd(v, epsilon, ring.slice(y, 0, count));
  ring.mulAdd(v, delta, ring.slice(x, 0, count));
  ring.mulAdd(v, epsilon, delta);
  ring.add(v, v, a);
  const vOpened = await openShares(ctx, v);

  const { roots, inverseOfOnePlusTwoRoots } = solveQuadratic(ring, vOpened);
  const bits = ring.alloc(count);
  ring.sub(bits, roots, a);
  ring.mul(bits, bits, inverseOfOnePlusTwoRoots);
  return bits;
}
