// The expensive CRS operations spread over worker_threads: full validation (a subgroup check per point), the MSMs of
// the powers-of-τ check and a ceremony contribution (one multiplication per point). Each splits the point lists into
// chunks, runs them in a small pool of workers (point-worker.ts) and keeps the main thread's event loop free.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CurveError } from '../bls446/errors.ts';
import {
  type G1Point,
  type G2Point,
  INVALID_POINT_DETAIL,
  isScalar,
  kernelG1,
  kernelG2,
  packScalars,
  R,
} from '../bls446/index.ts';
import { type CompactPkeCrs, checkCrsShape, type DecodeCrsOptions, decodeCrs } from './codec.ts';
import { CrsError, checkCrsArg } from './errors.ts';
import { type GenerateCrsOptions, generateCrsShape } from './generate.ts';
import { type CrsScalarParams, deriveCrsParams } from './params.ts';
import { kernelOf, type PointJob, type PointResult, transferables } from './point-worker.ts';
import { type PowersCheckOptions, powersRelations } from './powers.ts';
import { checkCrsParamsAndStructure, type ValidateCrsOptions } from './validate.ts';

/** How many worker threads to use (default: the machine's parallelism, at most 4). */
export interface ParallelOptions {
  workers?: number;
}

const CHUNK = 512;

function workerCount(options: ParallelOptions): number {
  const w = options.workers ?? Math.min(4, availableParallelism());
  checkCrsArg(
    Number.isSafeInteger(w) && w >= 1 && w <= 64,
    'options.workers',
    'expected an integer in [1, 64]',
  );
  return w;
}

// One process-wide pool of point workers, started on first use and kept: starting a worker (loading the TypeScript
// sources and the kernel) costs ≈ 0.5–1.3 s, paid once instead of per call. Idle workers are unref'd so they never
// keep the process alive; a worker with a job in flight is ref'd so its caller's await can complete.
interface Pending {
  job: PointJob;
  resolve(r: PointResult): void;
  reject(e: Error): void;
}
const queue: Pending[] = [];
const idle: (() => void)[] = [];
let live = 0;

function startWorker(): void {
  const worker = new Worker(new URL('./point-worker.ts', import.meta.url));
  live++;
  let current: Pending | undefined;
  const takeNext = () => {
    current = queue.shift();
    if (current === undefined) {
      worker.unref();
      idle.push(takeNext);
      return;
    }
    worker.ref();
    worker.postMessage(current.job, transferables(current.job));
  };
  worker.on('message', (m: PointResult) => {
    const done = current;
    current = undefined;
    if (m.op === 'error') done?.reject(new Error(`point worker: ${m.message}`));
    else done?.resolve(m);
    takeNext();
  });
  worker.on('error', (e: Error) => {
    current?.reject(e);
    current = undefined;
  });
  worker.on('exit', () => {
    live--;
    const at = idle.indexOf(takeNext);
    if (at >= 0) idle.splice(at, 1);
    current?.reject(new Error('point worker exited'));
    current = undefined;
    if (queue.length > 0 && live === 0) startWorker();
  });
  takeNext();
}

function submit(job: PointJob, workers: number): Promise<PointResult> {
  return new Promise((resolve, reject) => {
    queue.push({ job, resolve, reject });
    const wake = idle.pop();
    if (wake !== undefined) wake();
    else if (live < workers) startWorker();
  });
}

/** Runs jobs with at most `workers` of them in flight at once; results in job order. */
async function runJobs(jobs: PointJob[], workers: number): Promise<PointResult[]> {
  const results = new Array<PointResult>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await submit(jobs[i], workers);
      }
    }),
  );
  return results;
}

function bitLength(scalars: readonly bigint[]): number {
  let max = 0n;
  for (const s of scalars) if (s > max) max = s;
  return Math.max(1, max.toString(2).length);
}

/** The multiplied points of `mul` results, in job order. */
function mulOutputs(jobs: PointJob[], res: PointResult[], from: number, to: number) {
  const out: (G1Point | G2Point)[] = [];
  for (let i = from; i < to; i++) {
    for (const p of kernelOf(jobs[i].group).unpack((res[i] as { points: Uint8Array }).points))
      out.push(p as G1Point | G2Point);
  }
  return out;
}

function chunks<T>(list: readonly T[]): { first: number; items: T[] }[] {
  const out: { first: number; items: T[] }[] = [];
  for (let first = 0; first < list.length; first += CHUNK)
    out.push({ first, items: list.slice(first, first + CHUNK) });
  return out;
}

/** validateCrs with the point checks spread over worker threads. Reports the lowest-index bad point of each list
 * (G1 first). Throws CrsError.
 * @example await validateCrsAsync(decodeCrs(bytes), { workers: 2 })
 */
export async function validateCrsAsync(
  crs: CompactPkeCrs,
  options: ValidateCrsOptions & ParallelOptions = {},
): Promise<void> {
  checkCrsParamsAndStructure(crs, options);
  const workers = workerCount(options);
  const jobs: PointJob[] = [
    ...chunks(crs.gList).map(
      (c): PointJob => ({
        op: 'validate',
        group: 1,
        first: c.first,
        points: kernelG1.pack(c.items),
        allowInfinityAt: crs.n,
      }),
    ),
    ...chunks(crs.gHatList).map(
      (c): PointJob => ({
        op: 'validate',
        group: 2,
        first: c.first,
        points: kernelG2.pack(c.items),
        allowInfinityAt: -1,
      }),
    ),
  ];
  const results = await runJobs(jobs, workers);
  results.forEach((r, i) => {
    if (r.op === 'validate' && r.bad !== null) {
      const list = jobs[i].group === 1 ? 'g_list' : 'g_hat_list';
      const path = `${list}[${r.bad.index}]`;
      const detail = INVALID_POINT_DETAIL[r.bad.kind];
      throw new CrsError('InvalidPoint', path, detail, r.bad.kind, new CurveError(r.bad.kind, path, detail));
    }
  });
}

/** loadCrs with parallel point validation.
 * @example const crs = await loadCrsAsync(bytes, { expected: crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048) })
 */
export async function loadCrsAsync(
  bytes: Uint8Array,
  options: DecodeCrsOptions & ValidateCrsOptions & ParallelOptions = {},
): Promise<CompactPkeCrs> {
  checkCrsArg(typeof options === 'object' && options !== null, 'options', 'expected an options object');
  const crs = decodeCrs(bytes, options);
  await validateCrsAsync(crs, options);
  return crs;
}

/** checkPowersOfTau with its four MSMs run in worker threads (the pairings stay here).
 * @example await checkPowersOfTauAsync(crs.gList, crs.gHatList, { pointsValidated: true })
 */
export async function checkPowersOfTauAsync(
  gList: readonly G1Point[],
  gHatList: readonly G2Point[],
  options: PowersCheckOptions & ParallelOptions = {},
): Promise<boolean> {
  const rel = powersRelations(gList, gHatList, options);
  const msm = (group: 1 | 2, m: { points: readonly (G1Point | G2Point)[]; scalars: bigint[] }): PointJob => ({
    op: 'msm',
    group,
    points: kernelOf(group).pack(m.points),
    scalars: packScalars(m.scalars),
    bits: bitLength(m.scalars),
  });
  const jobs: PointJob[] = [...rel.g2.map((m) => msm(2, m)), ...rel.g1.map((m) => msm(1, m))];
  const res = await runJobs(jobs, workerCount(options));
  const pt = (i: number) => kernelOf(jobs[i].group).unpack((res[i] as { point: Uint8Array }).point)[0];
  return rel.finish(pt(2) as G1Point, pt(3) as G1Point, pt(0) as G2Point, pt(1) as G2Point);
}

/** generateCrs with the fixed-base multiplications spread over worker threads.
 * @example const crs = await generateCrsAsync(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), randomScalar())
 */
export async function generateCrsAsync(
  params: CrsScalarParams,
  tau: bigint,
  options: GenerateCrsOptions & ParallelOptions = {},
): Promise<CompactPkeCrs> {
  checkCrsArg(isScalar(tau) && tau !== 0n, 'tau', 'expected a non-zero bigint scalar below r');
  const { n } = deriveCrsParams(params);
  const workers = workerCount(options);
  // the shape (parameters, sid, domain separators) from a one-element run of the single-threaded generator
  const powers = new Array<bigint>(2 * n);
  let power = 1n;
  for (let i = 0; i < 2 * n; i++) {
    power = (power * tau) % R;
    powers[i] = power;
  }
  const g1 = chunks(powers.map((s, i) => (i === n ? 0n : s)));
  const g2 = chunks(powers.slice(0, n));
  const jobs: PointJob[] = [
    ...g2.map((c): PointJob => ({ op: 'mulBase', group: 2, scalars: packScalars(c.items) })),
    ...g1.map((c): PointJob => ({ op: 'mulBase', group: 1, scalars: packScalars(c.items) })),
  ];
  const res = await runJobs(jobs, workers);
  const shape = generateCrsShape(params, options);
  return {
    ...shape,
    gHatList: mulOutputs(jobs, res, 0, g2.length) as G2Point[],
    gList: mulOutputs(jobs, res, g2.length, jobs.length) as G1Point[],
  };
}

/** contributeCrs with the multiplications spread over worker threads (τ' is sent to the workers in memory only).
 * @example const next = await contributeCrsAsync(previous, randomScalar(), { workers: 2 })
 */
export async function contributeCrsAsync(
  crs: CompactPkeCrs,
  tauPrime: bigint,
  options: ParallelOptions = {},
): Promise<CompactPkeCrs> {
  checkCrsShape(crs);
  checkCrsArg(isScalar(tauPrime) && tauPrime !== 0n, 'tauPrime', 'expected a non-zero bigint scalar below r');
  const n = crs.gHatList.length;
  checkCrsArg(crs.gList.length === 2 * n, 'crs.gList', 'expected twice as many G1 as G2 points');
  const powers = new Array<bigint>(2 * n);
  let power = 1n;
  for (let i = 0; i < 2 * n; i++) {
    power = (power * tauPrime) % R;
    powers[i] = power;
  }
  const g1 = chunks(crs.gList);
  const g2 = chunks(crs.gHatList);
  const job = (group: 1 | 2, c: { first: number; items: (G1Point | G2Point)[] }): PointJob => ({
    op: 'mul',
    group,
    points: kernelOf(group).pack(c.items),
    scalars: packScalars(powers.slice(c.first, c.first + c.items.length)),
  });
  const jobs: PointJob[] = [...g2.map((c) => job(2, c)), ...g1.map((c) => job(1, c))];
  const res = await runJobs(jobs, workerCount(options));
  const gHatList = mulOutputs(jobs, res, 0, g2.length) as G2Point[];
  const gList = mulOutputs(jobs, res, g2.length, jobs.length) as G1Point[];
  return { ...crs, gList, gHatList, domainSeparators: { ...crs.domainSeparators } };
}
