// Galois-ring vector kernels: ns per element operation on vectors of 10,000 elements (median of runs).
// `median` is measured in CPU time of this process (process.cpuUsage), which equals wall time on an idle machine
// but is not inflated when other processes share the 2 vCPUs; `wallMedian` is the wall-clock figure.
import { GaloisRing, galoisRing } from '../../src/mpc/algebra/galois-ring.ts';
import { median, medianOf, report } from '../stats.ts';

const COUNT = 10_000;
const RUNS = 9;

/**
 * Median ns per element of `op` (CPU time and wall time) over RUNS batches, each long enough (≥ ~30 ms) for the
 * microsecond resolution of process.cpuUsage.
 */
async function nsPerElement(op: () => void): Promise<{ cpu: number; wall: number }> {
  let reps = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) op();
    if (Number(process.hrtime.bigint() - start) > 30e6) break;
    reps *= 2;
  }
  const walls: number[] = [];
  const cpu = await medianOf(RUNS, () => {
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < reps; r++) op();
    const used = process.cpuUsage(cpuStart);
    walls.push(Number(process.hrtime.bigint() - wallStart) / (reps * COUNT));
    return ((used.user + used.system) * 1000) / (reps * COUNT);
  });
  return { cpu, wall: median(walls.slice(1)) };
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
  const rows = R.constantCoefficients(R.randomVector(8 * (COUNT + 1))); // 8 LWE-like rows: mask + body
  const rowsOut = R.alloc(8);
  const ops: [string, () => void, number][] = [
    ['mul', () => R.mul(out, a, b), 1],
    ['mulAdd', () => R.mulAdd(out, a, b), 1],
    ['mulConstAdd', () => R.mulConstAdd(out, a, c), 1],
    ['add', () => R.add(out, a, b), 1],
    ['linearCombination5', () => R.linearCombination(out, shares, lambdas), shares.length],
    ['dotIntegers', () => R.dotIntegers(ints, a), 1],
    ['dotIntegersRows8', () => R.dotIntegersRows(rowsOut, rows, COUNT + 1, a), 8],
  ];
  for (const [op, fn, perElement] of ops) {
    const ns = await nsPerElement(fn);
    report({
      name: `algebra.gr${R.bits}_d${R.degree}.${op}`,
      unit: 'ns/op',
      median: Number((ns.cpu / perElement).toFixed(3)),
      wallMedian: Number((ns.wall / perElement).toFixed(3)),
      runs: RUNS,
      backend,
      count: COUNT,
    });
  }
}
