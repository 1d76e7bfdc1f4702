// CRS ceremony benchmark at the production size: one contribution (15,871 G1 + 7,936 G2 multiplications over
// worker threads) and one verification (decoding, subgroup checks of every point, proof, batched pairing check) at
// max_num_bits 2048 with the default compact-PKE parameters (n = 7936), then a whole 4-party ceremony on an
// in-memory network (every party in this process, so all share this machine's CPUs).
// First, per-operation costs on one thread of the BLS12-446 WebAssembly kernel next to @noble/curves.
//   npm run bench -- crs            (env: CRS_BITS = max_num_bits, CRS_RUNS = runs per step, CRS_WORKERS,
//                                    CRS_CEREMONY = 0 to skip the 4-party ceremony, CRS_OPS = 0 to skip per-op)
import { availableParallelism } from 'node:os';
import { crsParamsOf } from '../src/core/party/operations/crs.ts';
import { assertG1, assertG2, bls446, kernelG1, kernelG2, packScalars } from '../src/fhe/bls446/index.ts';
import { randomScalar } from '../src/fhe/crs/index.ts';
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

/** Milliseconds per operation (wall and CPU of this thread), median of 3 runs of `count` operations. */
function perOp(name: string, count: number, fn: () => void) {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < 3; r++) {
    const cpuStart = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const used = process.cpuUsage(cpuStart);
    walls.push((performance.now() - t0) / count);
    cpus.push((used.user + used.system) / 1000 / count);
  }
  report({
    name,
    unit: 'ms/op',
    median: Number(median(walls).toFixed(3)),
    cpuMedian: Number(median(cpus).toFixed(3)),
    runs: 3,
    batch: count,
  });
}

if (process.env.CRS_OPS !== '0') {
  const { G1, G2 } = bls446;
  const p1 = Array.from({ length: 256 }, () => G1.BASE.multiply(randomScalar()));
  const p2 = Array.from({ length: 128 }, () => G2.BASE.multiply(randomScalar()));
  const s = Array.from({ length: 256 }, randomScalar);
  const [b1, b2, k1, k2] = [
    kernelG1.pack(p1),
    kernelG2.pack(p2),
    packScalars(s),
    packScalars(s.slice(0, 128)),
  ];
  perOp('crs.op.kernel.g1Mul', 256, () => kernelG1.mulBytes(b1, k1));
  perOp('crs.op.kernel.g2Mul', 128, () => kernelG2.mulBytes(b2, k2));
  perOp('crs.op.kernel.g1Validate', 256, () => kernelG1.firstInvalidBytes(b1));
  perOp('crs.op.kernel.g2Validate', 128, () => kernelG2.firstInvalidBytes(b2));
  perOp('crs.op.noble.g1Mul', 8, () =>
    p1.slice(0, 8).forEach((p, i) => {
      p.multiply(s[i]);
    }),
  );
  perOp('crs.op.noble.g2Mul', 4, () =>
    p2.slice(0, 4).forEach((p, i) => {
      p.multiply(s[i]);
    }),
  );
  // fresh point objects: noble caches a successful subgroup check on the object
  const fresh1 = () => p1.slice(0, 8).map((p) => G1.fromAffine(p.toAffine()));
  const fresh2 = () => p2.slice(0, 4).map((p) => G2.fromAffine(p.toAffine()));
  perOp('crs.op.noble.g1Validate', 8, () =>
    fresh1().forEach((p) => {
      assertG1(p);
    }),
  );
  perOp('crs.op.noble.g2Validate', 4, () =>
    fresh2().forEach((p) => {
      assertG2(p);
    }),
  );
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
  const whole = await timed(() => Promise.all(sessions.map((s) => runCrsCeremony(s, { params, workers }))));
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
