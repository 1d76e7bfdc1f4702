// BLS12-446 (tfhe-zk-pok's curve) on @noble/curves: ms per G1/G2 scalar multiplication, pairing, subgroup check and
// MSM per point (medians). `median` is wall time; `cpuMedian` is CPU time of this process (process.cpuUsage), which
// is not inflated when other processes share the 2 vCPUs (BigInt code also uses GC threads, so it can exceed wall).
import { randomBytes } from 'node:crypto';
import { bls446, msmG1, msmG2, mulG1, mulG2, pairing, R } from '../../src/fhe/bls446/index.ts';
import { median, medianOf, report } from '../stats.ts';

const RUNS = 9;
const scalar = () => (BigInt(`0x${randomBytes(48).toString('hex')}`) % (R - 1n)) + 1n;

/** Median ms per call of `op` over RUNS batches of `reps` calls (wall and CPU). */
async function msPer(reps: number, op: () => void): Promise<{ wall: number; cpu: number }> {
  const cpus: number[] = [];
  const wall = await medianOf(RUNS, () => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < reps; r++) op();
    const used = process.cpuUsage(cpuStart);
    cpus.push((used.user + used.system) / 1000 / reps);
    return (performance.now() - start) / reps;
  });
  return { wall, cpu: median(cpus.slice(1)) };
}

function emit(name: string, m: { wall: number; cpu: number }, extra: Record<string, unknown> = {}) {
  report({
    name,
    unit: 'ms',
    median: Number(m.wall.toFixed(3)),
    cpuMedian: Number(m.cpu.toFixed(3)),
    runs: RUNS,
    ...extra,
  });
}

const p1 = bls446.G1.BASE.multiply(scalar());
const p2 = bls446.G2.BASE.multiply(scalar());
const s = scalar();

emit('bls446.g1.mul', await msPer(20, () => mulG1(p1, s)), {
  note: 'variable base, secret scalar (constant-time ladder)',
});
emit('bls446.g2.mul', await msPer(8, () => mulG2(p2, s)), { note: 'variable base, secret scalar' });
emit('bls446.g1.mulUnsafe', await msPer(20, () => p1.multiplyUnsafe(s)), {
  note: 'variable base, public scalar',
});
emit('bls446.g2.mulUnsafe', await msPer(8, () => p2.multiplyUnsafe(s)), {
  note: 'variable base, public scalar',
});
emit('bls446.g1.mulBase', await msPer(40, () => mulG1(bls446.G1.BASE, s)), {
  note: 'generator, precomputed window table',
});
emit('bls446.g2.mulBase', await msPer(20, () => mulG2(bls446.G2.BASE, s)), {
  note: 'generator, precomputed window table',
});
emit('bls446.pairing', await msPer(5, () => pairing(p1, p2)), {
  note: 'optimal ate incl. final exponentiation and input validation',
});
emit('bls446.g1.subgroupCheck', await msPer(20, () => p1.isTorsionFree()));
emit('bls446.g2.subgroupCheck', await msPer(20, () => p2.isTorsionFree()));

const N1 = 2048;
const N2 = 512;
const pts1 = Array.from({ length: N1 }, (_, i) =>
  i === 0 ? p1 : p1.add(bls446.G1.BASE.multiply(BigInt(i))),
);
const pts2 = Array.from({ length: N2 }, (_, i) =>
  i === 0 ? p2 : p2.add(bls446.G2.BASE.multiply(BigInt(i))),
);
const sc128 = (n: number) => Array.from({ length: n }, () => BigInt(`0x${randomBytes(16).toString('hex')}`));
const s1 = sc128(N1);
const s2 = sc128(N2);
const m1 = await msPer(1, () => msmG1(pts1, s1));
emit(
  'bls446.g1.msm128.perPoint',
  { wall: m1.wall / N1, cpu: m1.cpu / N1 },
  { points: N1, note: '128-bit coefficients' },
);
const m2 = await msPer(1, () => msmG2(pts2, s2));
emit(
  'bls446.g2.msm128.perPoint',
  { wall: m2.wall / N2, cpu: m2.cpu / N2 },
  { points: N2, note: '128-bit coefficients' },
);
