// The expensive CRS operations spread over worker_threads: full validation (a subgroup check per point), the MSMs of
// the powers-of-τ check and a ceremony contribution (one multiplication per point). Each splits the point lists into
// chunks, runs them in a small pool of workers (point-worker.ts) and keeps the main thread's event loop free.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CurveErrorKind } from '../bls446/errors.ts';
import { type G1Point, type G2Point, isScalar, R } from '../bls446/index.ts';
import { type CompactPkeCrs, checkCrsShape, type DecodeCrsOptions, decodeCrs } from './codec.ts';
import { CrsError, checkCrsArg } from './errors.ts';
import { type GenerateCrsOptions, generateCrsShape } from './generate.ts';
import { type CrsScalarParams, deriveCrsParams } from './params.ts';
import { type Coords, fromCoords, type PointJob, type PointResult, toCoords } from './point-worker.ts';
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

function call(worker: Worker, job: PointJob): Promise<PointResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: PointResult) => {
      worker.off('error', onError);
      if (m.op === 'error') reject(new Error(`point worker: ${m.message}`));
      else resolve(m);
    };
    const onError = (e: Error) => {
      worker.off('message', onMessage);
      reject(e);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job);
  });
}

/** Runs jobs on a fresh pool of `workers` threads; results in job order. */
async function runJobs(jobs: PointJob[], workers: number): Promise<PointResult[]> {
  const pool = Array.from(
    { length: Math.min(workers, jobs.length) },
    () => new Worker(new URL('./point-worker.ts', import.meta.url)),
  );
  const results = new Array<PointResult>(jobs.length);
  let next = 0;
  try {
    await Promise.all(
      pool.map(async (w) => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await call(w, jobs[i]);
        }
      }),
    );
    return results;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
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
        points: c.items.map(toCoords),
        allowInfinityAt: crs.n,
      }),
    ),
    ...chunks(crs.gHatList).map(
      (c): PointJob => ({
        op: 'validate',
        group: 2,
        first: c.first,
        points: c.items.map(toCoords),
        allowInfinityAt: -1,
      }),
    ),
  ];
  const results = await runJobs(jobs, workers);
  results.forEach((r, i) => {
    if (r.op === 'validate' && r.bad !== null) {
      const list = jobs[i].group === 1 ? 'g_list' : 'g_hat_list';
      const path = `${list}[${r.bad.index}]`;
      throw new CrsError(
        'InvalidPoint',
        path,
        r.bad.message.replace(/^point: /, ''),
        r.bad.kind as CurveErrorKind,
      );
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
  const jobs: PointJob[] = [
    ...rel.g2.map(
      (m): PointJob => ({ op: 'msm', group: 2, points: m.points.map(toCoords), scalars: m.scalars }),
    ),
    ...rel.g1.map(
      (m): PointJob => ({ op: 'msm', group: 1, points: m.points.map(toCoords), scalars: m.scalars }),
    ),
  ];
  const res = await runJobs(jobs, workerCount(options));
  const pt = (i: number) => fromCoords(jobs[i].group, (res[i] as { point: Coords<unknown> }).point);
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
    ...g2.map((c): PointJob => ({ op: 'mulBase', group: 2, scalars: c.items })),
    ...g1.map((c): PointJob => ({ op: 'mulBase', group: 1, scalars: c.items })),
  ];
  const res = await runJobs(jobs, workers);
  const points = (i: number) =>
    (res[i] as { points: Coords<unknown>[] }).points.map((c) => fromCoords(jobs[i].group, c));
  const shape = generateCrsShape(params, options);
  return {
    ...shape,
    gHatList: g2.flatMap((_, i) => points(i)) as G2Point[],
    gList: g1.flatMap((_, i) => points(g2.length + i)) as G1Point[],
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
  const jobs: PointJob[] = [
    ...g2.map(
      (c): PointJob => ({
        op: 'mul',
        group: 2,
        points: c.items.map(toCoords),
        scalars: powers.slice(c.first, c.first + c.items.length),
      }),
    ),
    ...g1.map(
      (c): PointJob => ({
        op: 'mul',
        group: 1,
        points: c.items.map(toCoords),
        scalars: powers.slice(c.first, c.first + c.items.length),
      }),
    ),
  ];
  const res = await runJobs(jobs, workerCount(options));
  const points = (i: number) =>
    (res[i] as { points: Coords<unknown>[] }).points.map((c) => fromCoords(jobs[i].group, c));
  const gHatList = g2.flatMap((_, i) => points(i)) as G2Point[];
  const gList = g1.flatMap((_, i) => points(g2.length + i)) as G1Point[];
  return { ...crs, gList, gHatList, domainSeparators: { ...crs.domainSeparators } };
}
