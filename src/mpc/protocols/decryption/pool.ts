// The preprocessed material BitDec consumes: Beaver triples and shared random bits over GR(2^64, d), in a FIFO
// pool the caller refills (e.g. from a background preprocessing session or the preprocessing store). Every party
// must add the same batches in the same order and run the same requests in the same order, so the items taken by
// one request are shares of the same secrets at every party.
import type { GaloisRing } from '../../algebra/index.ts';
import type { TripleShares } from '../../preprocessing/triples.ts';
import { PreprocessingExhaustedError, ProtocolInputError } from './errors.ts';

/** What a protocol run takes from a pool at once. */
export interface PreprocessedMaterial {
  readonly triples: TripleShares;
  readonly bits: BigUint64Array;
}

/**
 * A source of triples and bits; `take` consumes exactly the requested counts or throws without consuming. The
 * vectors it returns may be views into the pool's batches: read them, do not write them.
 */
export interface BitDecPool {
  readonly ring: GaloisRing;
  readonly triplesAvailable: number;
  readonly bitsAvailable: number;
  take(triples: number, bits: number): PreprocessedMaterial;
}

/** A FIFO queue of vectors of one ring. */
class VectorQueue {
  readonly #chunks: BigUint64Array[] = [];
  #offset = 0; // elements already consumed from #chunks[0]
  #available = 0;

  constructor(private readonly ring: GaloisRing) {}

  get available(): number {
    return this.#available;
  }

  push(vector: BigUint64Array): void {
    const count = this.ring.count(vector);
    if (count === 0) return;
    this.#chunks.push(vector);
    this.#available += count;
  }

  /** The next `count` elements: a view when one chunk holds them all (the common case), else a copy. */
  take(count: number): BigUint64Array {
    const R = this.ring;
    const w = R.wordsPerElement;
    const head = this.#chunks[0];
    if (count > 0 && head && R.count(head) - this.#offset >= count) {
      const view = head.subarray(this.#offset * w, (this.#offset + count) * w);
      this.#offset += count;
      this.#available -= count;
      if (this.#offset === R.count(head)) {
        this.#chunks.shift();
        this.#offset = 0;
      }
      return view;
    }
    const out = R.alloc(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.#chunks[0];
      const inChunk = R.count(chunk) - this.#offset;
      const n = Math.min(inChunk, count - filled);
      out.set(chunk.subarray(this.#offset * w, (this.#offset + n) * w), filled * w);
      filled += n;
      this.#offset += n;
      if (this.#offset === R.count(chunk)) {
        this.#chunks.shift();
        this.#offset = 0;
      }
    }
    this.#available -= count;
    return out;
  }
}

/**
 * An in-memory BitDecPool.
 * @example const pool = new PreprocessingPool(galoisRing(64, 4)); pool.addTriples(await generateTriples(ctx, 10_000));
 */
export class PreprocessingPool implements BitDecPool {
  readonly #a: VectorQueue;
  readonly #b: VectorQueue;
  readonly #c: VectorQueue;
  readonly #bits: VectorQueue;

  constructor(readonly ring: GaloisRing) {
    if (ring.bits !== 64)
      throw new ProtocolInputError(`ring: BitDec runs over GR(2^64, d), got GR(2^${ring.bits}, d)`);
    this.#a = new VectorQueue(ring);
    this.#b = new VectorQueue(ring);
    this.#c = new VectorQueue(ring);
    this.#bits = new VectorQueue(ring);
  }

  get triplesAvailable(): number {
    return this.#a.available;
  }

  get bitsAvailable(): number {
    return this.#bits.available;
  }

  /** Appends triples (a, b, c = a·b shares of equal length). */
  addTriples(triples: TripleShares): void {
    const count = this.ring.count(triples.a, 'triples.a');
    if (
      this.ring.count(triples.b, 'triples.b') !== count ||
      this.ring.count(triples.c, 'triples.c') !== count
    ) {
      throw new ProtocolInputError('triples: a, b and c must hold the same number of elements');
    }
    this.#a.push(triples.a);
    this.#b.push(triples.b);
    this.#c.push(triples.c);
  }

  /** Appends shares of random bits. */
  addBits(bits: BigUint64Array): void {
    this.ring.count(bits, 'bits');
    this.#bits.push(bits);
  }

  take(triples: number, bits: number): PreprocessedMaterial {
    if (triples > this.triplesAvailable || bits > this.bitsAvailable) {
      throw new PreprocessingExhaustedError(
        { triples, bits },
        { triples: this.triplesAvailable, bits: this.bitsAvailable },
      );
    }
    return {
      triples: { a: this.#a.take(triples), b: this.#b.take(triples), c: this.#c.take(triples) },
      bits: this.#bits.take(bits),
    };
  }
}
