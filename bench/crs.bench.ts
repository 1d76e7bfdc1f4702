// CRS ceremony benchmark at the production size: one contribution (15,871 G1 + 7,936 G2 multiplications over
// worker threads) and one verification (decoding, subgroup checks of every point, proof, batched pairing check) at
// max_num_bits 2048 with the default compact-PKE parameters (n = 7936), then a whole 4-party ceremony on an
// in-memory network (every party in this process, so all share this machine's CPUs).
//   npm run bench -- crs            (env: CRS_BITS = max_num_bits, CRS_RUNS = runs per step, CRS_WORKERS,
//                                    CRS_CEREMONY = 0 to skip the 4-party ceremony)
import { availableParallelism } from 'node:os';
import { crsParamsOf } from '../src/core/party/operations/crs.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../src/mpc/net/index.ts';
import {
  contribute,
  initialCeremonyState,
  runCrsCeremony,
  verifyContribution,
} from '../src/mpc/protocols/crs-ceremony/index.ts';
import { median, report } from './stats.ts';

const bits = Number(process.env.CRS_BITS ?? 2048);
const runs = Number(process.env.CRS_RUNS ?? 1);
const workers = Number(process.env.CRS_WORKERS ?? Math.min(4, availableParallelism()));
const params = crsParamsOf('default', bits);
const sessionId = deriveSessionId('be'.repeat(32), 'crs-bench');

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpuStart);
  return { value, wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function emit(name: string, walls: number[], cpus: number[], extra: Record<string, unknown> = {}) {
  report({
    name,
    unit: 's',
    median: Number(median(walls).toFixed(2)),
    cpuMedian: Number(median(cpus).toFixed(2)),
    runs: walls.length,
    maxNumBits: bits,
    workers,
    ...extra,
  });
}

const start = initialCeremonyState(params, sessionId);
const n = start.crs.n;
const ctx = { sessionId, turn: 1, contributor: 1 };
const contributionWalls: number[] = [];
const contributionCpus: number[] = [];
const verificationWalls: number[] = [];
const verificationCpus: number[] = [];
for (let r = 0; r < runs; r++) {
  const made = await timed(() => contribute(start, ctx, { workers }));
  contributionWalls.push(made.wall);
  contributionCpus.push(made.cpu);
  const checked = await timed(() => verifyContribution(start, made.value.message, ctx, { workers }));
  if (!checked.value.valid) throw new Error(`bench contribution rejected: ${checked.value.reason}`);
  verificationWalls.push(checked.wall);
  verificationCpus.push(checked.cpu);
}
emit('crs.contribution', contributionWalls, contributionCpus, { n, g1: 2 * n - 1, g2: n });
emit('crs.verification', verificationWalls, verificationCpus, { n });

if (process.env.CRS_CEREMONY !== '0') {
  const parties = 4;
  const network = new InMemoryNetwork(parties);
  const sessions = Array.from(
    { length: parties },
    (_, i) =>
      new Session(network.transport(i + 1), deriveSessionId('cc'.repeat(32), 'crs-bench'), {
        threshold: 1,
        timeoutMs: 3_600_000,
      }),
  );
  const whole = await timed(() =>
    Promise.all(sessions.map((s) => runCrsCeremony(s, { params, workers: Math.max(1, workers >> 1) }))),
  );
  for (const s of sessions) s.close();
  const digests = new Set(whole.value.map((r) => Buffer.from(r.crsBytes).toString('base64')));
  if (digests.size !== 1) throw new Error('the parties hold different CRSs');
  emit('crs.ceremony.4parties', [whole.wall], [whole.cpu], {
    n,
    parties,
    contributors: whole.value[0].contributors,
    rounds: sessions[0].round,
  });
}
