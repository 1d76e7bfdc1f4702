// Robust opening of 10,000 shared values (ms per batch, median of runs): happy path and with t liars who send
// random garbage in every value, n = 4 and 13, GR(2^64, d(n)) and GR(2^128, d(n)). Results are checked.
import { degreeForParties, galoisRing } from '../../src/mpc/algebra/index.ts';
import { openRobust, shareSecrets } from '../../src/mpc/sharing/index.ts';
import { medianOf, report } from '../stats.ts';

const COUNT = 10_000;
const RUNS = 9;

for (const n of [4, 13]) {
  const t = Math.floor((n - 1) / 3);
  for (const bits of [64, 128] as const) {
    const R = galoisRing(bits, degreeForParties(n));
    const secrets = R.randomVector(COUNT);
    const honest = shareSecrets(R, secrets, t, n);
    // Liars: the last t parties replace every share with random ring elements.
    const lying = honest.map((v, i) => (i >= n - t ? R.randomVector(COUNT) : v));
    for (const [scenario, shares, liars] of [
      ['happy', honest, 0],
      ['t_liars', lying, t],
    ] as const) {
      const ms = await medianOf(RUNS, () => {
        const start = performance.now();
        const opened = openRobust(R, t, shares, { maxErrors: t });
        const elapsed = performance.now() - start;
        if (!R.equals(opened.values, secrets) || opened.corruptParties.length !== liars) {
          throw new Error(`bench: wrong opening for n=${n}, Z_2^${bits}, ${scenario}`);
        }
        return elapsed;
      });
      report({
        name: `sharing.open_robust.n${n}.gr${bits}_d${R.degree}.${scenario}`,
        unit: 'ms',
        median: Number(ms.toFixed(3)),
        runs: RUNS,
        values: COUNT,
        t,
        backend: R.backend,
      });
    }
  }
}
