// worker_threads entry for the CRS point work that dominates ceremony and loading costs: subgroup validation,
// scalar multiplications and MSMs over chunks of affine points, all in the BLS12-446 WebAssembly kernel. Jobs and
// results carry the kernel's byte forms (transferable Uint8Arrays, no bigint cloning): affine coordinates in
// canonical little-endian bytes, infinity as zeros, scalars as 40-byte little-endian words.
import { parentPort } from 'node:worker_threads';
import { bls446 } from '../bls446/curve.ts';
import { type GroupKernel, type InvalidPoint, kernelG1, kernelG2, SCALAR_BYTES } from '../bls446/kernel.ts';

/** A unit of work for one worker. `scalars` of mul/mulBase are secret (powers of τ): the worker wipes them. */
export type PointJob =
  | { op: 'validate'; group: 1 | 2; first: number; points: Uint8Array; allowInfinityAt: number }
  | { op: 'mul'; group: 1 | 2; points: Uint8Array; scalars: Uint8Array }
  | { op: 'mulBase'; group: 1 | 2; scalars: Uint8Array }
  | { op: 'msm'; group: 1 | 2; points: Uint8Array; scalars: Uint8Array; bits: number };

/** What a worker answers (`validate` indices are absolute: `first` + position in the chunk). */
export type PointResult =
  | { op: 'validate'; bad: InvalidPoint | null }
  | { op: 'mul'; points: Uint8Array }
  | { op: 'msm'; point: Uint8Array }
  | { op: 'error'; message: string };

/** The kernel of a group.
 * @example kernelOf(1).pack([bls446.G1.BASE])
 */
export function kernelOf(group: 1 | 2): GroupKernel<unknown> {
  return (group === 1 ? kernelG1 : kernelG2) as GroupKernel<unknown>;
}

/** The buffers a job or result can hand over instead of copying. */
export function transferables(m: PointJob | PointResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(m)) if (v instanceof Uint8Array) out.push(v.buffer as ArrayBuffer);
  return out;
}

const generators = new Map<1 | 2, Uint8Array>();

function repeatedGenerator(group: 1 | 2, count: number): Uint8Array {
  let g = generators.get(group);
  if (g === undefined) {
    g = group === 1 ? kernelG1.pack([bls446.G1.BASE]) : kernelG2.pack([bls446.G2.BASE]);
    generators.set(group, g);
  }
  const out = new Uint8Array(count * g.length);
  for (let i = 0; i < count; i++) out.set(g, i * g.length);
  return out;
}

function run(job: PointJob): PointResult {
  const kernel = kernelOf(job.group);
  switch (job.op) {
    case 'validate': {
      const bad = kernel.firstInvalidBytes(job.points, job.allowInfinityAt - job.first);
      return { op: 'validate', bad: bad === null ? null : { index: job.first + bad.index, kind: bad.kind } };
    }
    case 'mulBase':
    case 'mul': {
      const count = job.scalars.length / SCALAR_BYTES;
      const points = job.op === 'mul' ? job.points : repeatedGenerator(job.group, count);
      try {
        return { op: 'mul', points: kernel.mulBytes(points, job.scalars) };
      } finally {
        job.scalars.fill(0);
      }
    }
    case 'msm':
      return { op: 'msm', point: kernel.msmBytes(job.points, job.scalars, job.bits) };
  }
}

parentPort?.on('message', (job: PointJob) => {
  let result: PointResult;
  try {
    result = run(job);
  } catch (e) {
    result = { op: 'error', message: String((e as Error)?.message ?? e) };
  }
  parentPort?.postMessage(result, transferables(result));
});
