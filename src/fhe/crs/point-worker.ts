// worker_threads entry for the CRS point work that dominates ceremony and loading costs: subgroup validation,
// scalar multiplications and MSMs over chunks of affine points. Messages carry plain coordinates (bigints and
// {c0, c1} objects survive structured cloning); results come back the same way.
import { parentPort } from 'node:worker_threads';
import { CurveError } from '../bls446/errors.ts';
import {
  assertG1,
  assertG2,
  bls446,
  type Fp2,
  type G1Point,
  type G2Point,
  msmG1,
  msmG2,
  mulG1,
  mulG2,
} from '../bls446/index.ts';

/** Affine coordinates of a G1 (bigint) or G2 (Fp2) point; null is the point at infinity. */
export type Coords<T> = [T, T] | null;

/** A unit of work for one worker. */
export type PointJob =
  | { op: 'validate'; group: 1 | 2; first: number; points: Coords<unknown>[]; allowInfinityAt: number }
  | { op: 'mul'; group: 1 | 2; points: Coords<unknown>[]; scalars: bigint[] }
  | { op: 'mulBase'; group: 1 | 2; scalars: bigint[] }
  | { op: 'msm'; group: 1 | 2; points: Coords<unknown>[]; scalars: bigint[] };

/** What a worker answers. */
export type PointResult =
  | { op: 'validate'; bad: { index: number; kind: string; message: string } | null }
  | { op: 'mul'; points: Coords<unknown>[] }
  | { op: 'msm'; point: Coords<unknown> }
  | { op: 'error'; message: string };

/** Point from coordinates (no validation). */
export function fromCoords(group: 1 | 2, c: Coords<unknown>): G1Point | G2Point {
  if (group === 1) return c === null ? bls446.G1.ZERO : new bls446.G1(c[0] as bigint, c[1] as bigint, 1n);
  return c === null ? bls446.G2.ZERO : new bls446.G2(c[0] as Fp2, c[1] as Fp2, bls446.Fp2.ONE);
}

/** Coordinates of a point. */
export function toCoords(p: G1Point | G2Point): Coords<unknown> {
  if (p.is0()) return null;
  const a = p.toAffine();
  return [a.x, a.y];
}

function run(job: PointJob): PointResult {
  if (job.op === 'validate') {
    for (let i = 0; i < job.points.length; i++) {
      const index = job.first + i;
      try {
        const p = fromCoords(job.group, job.points[i]);
        if (job.group === 1) assertG1(p, 'point', index === job.allowInfinityAt);
        else assertG2(p, 'point', false);
      } catch (e) {
        if (e instanceof CurveError)
          return { op: 'validate', bad: { index, kind: e.kind, message: e.message } };
        throw e;
      }
    }
    return { op: 'validate', bad: null };
  }
  if (job.op === 'mulBase') {
    // the generators carry noble's precomputed window tables: ≈ 4× faster than a variable-base multiplication
    const base = job.group === 1 ? bls446.G1.BASE : bls446.G2.BASE;
    const mul = (job.group === 1 ? mulG1 : mulG2) as (p: unknown, s: bigint) => G1Point;
    return { op: 'mul', points: job.scalars.map((s) => toCoords(mul(base, s))) };
  }
  const points = job.points.map((c) => fromCoords(job.group, c));
  if (job.op === 'mul') {
    const mul = job.group === 1 ? mulG1 : mulG2;
    return {
      op: 'mul',
      points: points.map((p, i) => toCoords((mul as (p: unknown, s: bigint) => G1Point)(p, job.scalars[i]))),
    };
  }
  const sum =
    job.group === 1 ? msmG1(points as G1Point[], job.scalars) : msmG2(points as G2Point[], job.scalars);
  return { op: 'msm', point: toCoords(sum) };
}

parentPort?.on('message', (job: PointJob) => {
  try {
    parentPort?.postMessage(run(job));
  } catch (e) {
    parentPort?.postMessage({
      op: 'error',
      message: String((e as Error)?.message ?? e),
    } satisfies PointResult);
  }
});
