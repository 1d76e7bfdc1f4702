// Preprocessing throughput for n = 4, t = 1: all parties in one process over the in-memory network, batches of
// 10,000. Triples/s and bits/s count produced items (each item is shared by all 4 parties), i.e. the aggregate
// rate of the whole 4-party system: `median` in CPU time of this one process (one vCPU doing the work of all
// four parties and the network), `wallMedian` in wall-clock time (inflated when other processes share the box).

import { randomBytes } from 'node:crypto';
import { galoisRing } from '../../src/mpc/algebra/galois-ring.ts';
import { InMemoryNetwork } from '../../src/mpc/net/memory-transport.ts';
import { Session } from '../../src/mpc/net/session.ts';
import { deriveSessionId } from '../../src/mpc/net/session-id.ts';
import { generateBits } from '../../src/mpc/preprocessing/bits.ts';
import { preprocessingContext } from '../../src/mpc/preprocessing/context.ts';
import { sessionChannel } from '../../src/mpc/preprocessing/session-channel.ts';
import { generateTriples } from '../../src/mpc/preprocessing/triples.ts';
import { type PrssSetup, PrssState } from '../../src/mpc/prss/prss.ts';
import { prssSubsets } from '../../src/mpc/prss/subsets.ts';
import { median, medianOf, report } from '../stats.ts';

const N = 4;
const T = 1;
const BATCH = 10_000;
const RUNS = 5;

/** Setups with shared random subset keys (the setup protocol itself is not what is measured here). */
function setups(): PrssSetup[] {
  const subsets = prssSubsets(N, T);
  const keys = subsets.map(() => randomBytes(32));
  return Array.from({ length: N }, (_, i) => ({
    n: N,
    t: T,
    party: i + 1,
    subsets,
    keys: new Map(subsets.filter((s) => s.members.includes(i + 1)).map((s) => [s.index, keys[s.index]])),
  }));
}

function parties(bits: 64 | 128, degree: number, label: string) {
  const ring = galoisRing(bits, degree);
  const network = new InMemoryNetwork(N);
  const sid = deriveSessionId(`bench-${label}`, 'preprocessing');
  return setups().map((setup, i) => {
    const session = new Session(network.transport(i + 1), sid, { threshold: T, timeoutMs: 60_000 });
    return preprocessingContext(new PrssState(setup, ring, sid), sessionChannel(session));
  });
}

/**
 * Items per second of `task`, in CPU time of this process (what the 2 shared vCPUs actually spent on it, like
 * 10-algebra's `median`); the wall-clock rate is pushed to `walls`.
 */
async function rate(task: () => Promise<unknown>, items: number, walls: number[]): Promise<number> {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await task();
  const used = process.cpuUsage(cpu);
  walls.push(items / (Number(process.hrtime.bigint() - wall) / 1e9));
  return items / ((used.user + used.system) / 1e6);
}

for (const [bits, degree] of [
  [64, 3],
  [128, 3],
] as const) {
  const ctxs = parties(bits, degree, `${bits}-${degree}`);
  const tripleWalls: number[] = [];
  const triples = await medianOf(RUNS, () =>
    rate(() => Promise.all(ctxs.map((ctx) => generateTriples(ctx, BATCH))), BATCH, tripleWalls),
  );
  report({
    name: `preprocessing.triples.n4.z${bits}.d${degree}`,
    unit: 'triples/s',
    median: Math.round(triples),
    wallMedian: Math.round(median(tripleWalls.slice(1))),
    runs: RUNS,
    batch: BATCH,
  });
  const bitWalls: number[] = [];
  const bitsPerSecond = await medianOf(RUNS, () =>
    rate(() => Promise.all(ctxs.map((ctx) => generateBits(ctx, BATCH))), BATCH, bitWalls),
  );
  report({
    name: `preprocessing.bits.n4.z${bits}.d${degree}`,
    unit: 'bits/s',
    median: Math.round(bitsPerSecond),
    wallMedian: Math.round(median(bitWalls.slice(1))),
    runs: RUNS,
    batch: BATCH,
  });
}
