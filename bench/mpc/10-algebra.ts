// Galois-ring vector kernels: ns per element operation on vectors of 10,000 elements (median of runs).
import { GaloisRing, galoisRing } from '../../src/mpc/algebra/galois-ring.ts';
import { medianOf, report } from '../stats.ts';

const COUNT = 10_000;
const RUNS = 9;

/** Median ns per element of `op` over RUNS timed batches, each long enough (≥ ~20 ms) to swamp timer noise. */
async function nsPerElement(op: () => void): Promise<number> {
  let reps = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) op();
    if (Number(process.hrtime.bigint() - start) > 20e6) break;
    reps *= 2;
  }
  return medianOf(RUNS, () => {
    const start = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) op();
    return Number(process.hrtime.bigint() - start) / (reps * COUNT);
  });
}

const rings: [string, GaloisRing][] = [];
for (const bits of [64, 128] as const) {
  for (const d of [3, 4, 8]) rings.push(['wasm', galoisRing(bits, d)]);
  rings.push(['js', new GaloisRing(bits, 4, { wasm: false })]);
}

for (const [backend, R] of rings) {
  if (backend === 'js' && R.bits === 128) continue; // bigint fallback: ~µs per op, not a hot path
  const a = R.randomVector(COUNT);
  const b = R.randomVector(COUNT);
  const out = R.alloc(COUNT);
  const c = R.element(R.randomVector(1), 0);
  const ints = R.constantCoefficients(R.randomVector(COUNT));
  const shares = [a, b, R.randomVector(COUNT), R.randomVector(COUNT), R.randomVector(COUNT)];
  const lambdas = R.randomVector(shares.length);
  const ops: [string, () => void, number][] = [
    ['mul', () => R.mul(out, a, b), 1],
    ['mulAdd', () => R.mulAdd(out, a, b), 1],
    ['mulConstAdd', () => R.mulConstAdd(out, a, c), 1],
    ['add', () => R.add(out, a, b), 1],
    ['linearCombination5', () => R.linearCombination(out, shares, lambdas), shares.length],
    ['dotIntegers', () => R.dotIntegers(ints, a), 1],
  ];
  for (const [op, fn, perElement] of ops) {
    const ns = await nsPerElement(fn);
    report({
      name: `algebra.gr${R.bits}_d${R.degree}.${op}`,
      unit: 'ns/op',
      median: Number((ns / perElement).toFixed(3)),
      runs: RUNS,
      backend,
      count: COUNT,
    });
  }
}
