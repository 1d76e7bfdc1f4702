// Producers: async generators that run the preprocessing protocols batch after batch in one session and yield
// each batch as binary shares (batch.ts). They keep nothing: storing the batches is the caller's job, and a
// caller that stops iterating stops the production.
import { PrssError } from '../prss/errors.ts';
import type { PreprocessingBatch } from './batch.ts';
import { generateBits } from './bits.ts';
import type { PreprocessingContext } from './context.ts';
import { generateTriples } from './triples.ts';
import { bitsPerTUniform, tUniformFromBits } from './tuniform.ts';

/** How much to produce: `total` items in batches of at most `batchSize` (default 10,000). */
export interface ProduceOptions {
  readonly total: number;
  readonly batchSize?: number;
}

const DEFAULT_BATCH = 10_000;

function* batchSizes({ total, batchSize = DEFAULT_BATCH }: ProduceOptions): Generator<number> {
  if (!Number.isInteger(total) || total < 0) {
    throw new PrssError('InvalidArgument', `total: expected a non-negative integer, got ${total}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1 << 22) {
    throw new PrssError('InvalidArgument', `batchSize: expected an integer in [1, 2^22], got ${batchSize}`);
  }
  for (let done = 0; done < total; done += batchSize) yield Math.min(batchSize, total - done);
}

function batch(
  ctx: PreprocessingContext,
  kind: PreprocessingBatch['kind'],
  count: number,
  words: BigUint64Array,
  noiseBound = 0,
): PreprocessingBatch {
  const ring = ctx.prss.ring;
  return {
    kind,
    bits: ring.bits,
    degree: ring.degree,
    count,
    party: ctx.prss.setup.party,
    noiseBound,
    words,
  };
}

/**
 * Triples (a ‖ b ‖ c per batch). @example for await (const b of produceTriples(ctx, { total: 1e6 })) store(b)
 */
export async function* produceTriples(
  ctx: PreprocessingContext,
  options: ProduceOptions,
): AsyncGenerator<PreprocessingBatch> {
  const ring = ctx.prss.ring;
  for (const count of batchSizes(options)) {
    const { a, b, c } = await generateTriples(ctx, count);
    const words = ring.alloc(3 * count);
    words.set(a);
    words.set(b, a.length);
    words.set(c, 2 * a.length);
    yield batch(ctx, 'triples', count, words);
  }
}

/** Shared uniform randoms (PRSS.Next, no communication). @example produceRandoms(ctx, { total: 1000 }) */
export async function* produceRandoms(
  ctx: PreprocessingContext,
  options: ProduceOptions,
): AsyncGenerator<PreprocessingBatch> {
  for (const count of batchSizes(options)) yield batch(ctx, 'randoms', count, ctx.prss.nextRandom(count));
}

/** Shared uniform bits. @example produceBits(ctx, { total: 729_602 }) */
export async function* produceBits(
  ctx: PreprocessingContext,
  options: ProduceOptions,
): AsyncGenerator<PreprocessingBatch> {
  for (const count of batchSizes(options)) yield batch(ctx, 'bits', count, await generateBits(ctx, count));
}

/**
 * Shared TUniform(bound) noise samples, from (bound + 2) bits each; `batchSize` counts samples.
 * @example produceNoise(ctx, 17, { total: 2048 * 10 })
 */
export async function* produceNoise(
  ctx: PreprocessingContext,
  bound: number,
  options: ProduceOptions,
): AsyncGenerator<PreprocessingBatch> {
  const ring = ctx.prss.ring;
  const perSample = bitsPerTUniform(bound);
  for (const count of batchSizes(options)) {
    const bits = await generateBits(ctx, count * perSample);
    yield batch(ctx, 'noise', count, tUniformFromBits(ring, bits, count, bound), bound);
  }
}
