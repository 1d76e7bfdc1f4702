// One party's pooled BitDec batches for one key and what it has reserved them for. A reservation is never lifted:
// confirming a batch twice is what would let two requests use the same triple masks.
import type { GaloisRing } from '../../algebra/index.ts';
import type { TripleShares } from '../../preprocessing/triples.ts';
import { ProtocolInputError } from './errors.ts';
import { PreprocessingPool } from './pool.ts';
import type { AllocationLedger } from './pool-allocation.ts';
import { laneOf, PoolAllocationError } from './pool-allocation.ts';

/** The material of one batch at one party. */
export interface BatchMaterial {
  readonly triples: TripleShares;
  readonly bits: BigUint64Array;
}

/**
 * Where a party keeps its batches (memory here; the preprocessing store's Redis backend could hold them). `take`
 * removes what it returns.
 */
export interface BatchStore {
  put(batch: number, material: BatchMaterial): void;
  take(batch: number): BatchMaterial | undefined;
  has(batch: number): boolean;
  delete(batch: number): void;
  /** Held batch numbers, increasing. */
  batches(): number[];
}

/** A BatchStore in a Map. */
export class MemoryBatchStore implements BatchStore {
  readonly #batches = new Map<number, BatchMaterial>();
  put(batch: number, material: BatchMaterial): void {
    this.#batches.set(batch, material);
  }
  take(batch: number): BatchMaterial | undefined {
    const material = this.#batches.get(batch);
    this.#batches.delete(batch);
    return material;
  }
  has(batch: number): boolean {
    return this.#batches.has(batch);
  }
  delete(batch: number): void {
    this.#batches.delete(batch);
  }
  batches(): number[] {
    return [...this.#batches.keys()].sort((x, y) => x - y);
  }
}

/**
 * The allocation ledger of one party: held batches, reservations, and waiters for batches not produced yet.
 * @example const ledger = new PoolLedger(2, 4); ledger.add(1, material); ledger.proposeBatches('req', 1) // [1]
 */
export class PoolLedger implements AllocationLedger {
  readonly #reserved = new Map<number, string>();
  readonly #discarded = new Set<number>();
  readonly #waiters = new Map<number, Set<() => void>>();
  readonly #listeners = new Set<() => void>();
  #unreservedHeld = 0;
  /** Batches below this number are refused and their reservations forgotten (see compact). */
  #floor = 0;
  /** Lowest and highest batch added in this ledger's lifetime (−1: none yet). */
  #lowestAdded = -1;
  #highestAdded = -1;

  constructor(
    readonly partyIndex: number,
    readonly numParties: number,
    readonly store: BatchStore = new MemoryBatchStore(),
  ) {
    if (!Number.isInteger(numParties) || numParties < 1)
      throw new ProtocolInputError(`numParties: expected a positive integer, got ${numParties}`);
    if (!Number.isInteger(partyIndex) || partyIndex < 1 || partyIndex > numParties)
      throw new ProtocolInputError(
        `partyIndex: expected an integer in [1, ${numParties}], got ${partyIndex}`,
      );
  }

  /** Held batches no request has reserved (what production counts against its capacity). */
  get unallocated(): number {
    return this.#unreservedHeld;
  }

  /** Held, unreserved batches of `lane` (what that lane's leader can still propose). */
  unallocatedInLane(lane: number): number {
    let count = 0;
    for (const batch of this.store.batches())
      if (laneOf(batch, this.numParties) === lane && !this.#reserved.has(batch)) count++;
    return count;
  }

  /** Calls `listener` whenever the unallocated count changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores a produced batch and wakes whoever waits for it. */
  add(batch: number, material: BatchMaterial): void {
    if (this.store.has(batch)) throw new ProtocolInputError(`batch ${batch} is already held`);
    if (this.#lowestAdded < 0 || batch < this.#lowestAdded) this.#lowestAdded = batch;
    if (batch > this.#highestAdded) this.#highestAdded = batch;
    if (this.#discarded.has(batch)) {
      this.#discarded.delete(batch);
      return;
    }
    this.store.put(batch, material);
    if (!this.#reserved.has(batch)) this.#changed(+1);
    for (const wake of this.#waiters.get(batch) ?? []) wake();
    this.#waiters.delete(batch);
  }

  proposeBatches(requestId: string, count: number): number[] | undefined {
    const own = this.store
      .batches()
      .filter((b) => laneOf(b, this.numParties) === this.partyIndex && !this.#reserved.has(b));
    if (count < 1 || own.length < count) return undefined;
    const chosen = own.slice(0, count);
    this.#reserve(requestId, chosen);
    return chosen;
  }

  /**
   * Confirms only batches in [lowest added, highest added + n]: a party restarted alone (memory store) has lost
   * its reservations, and the batches it confirmed before all lie below where it joins its peers after the
   * restart (the producer's join point is n beyond their announced numbering, see KeyBitDecPool). Up to n
   * batches ahead covers a producer lagging its peers by a batch or so.
   */
  confirmBatches(requestId: string, batches: readonly number[]): boolean {
    const inRange = (b: number) =>
      this.#lowestAdded >= 0 && b >= this.#lowestAdded && b <= this.#highestAdded + this.numParties;
    if (batches.some((b) => !inRange(b) || b < this.#floor || this.#reserved.has(b))) return false;
    this.#reserve(requestId, batches);
    return true;
  }

  /**
   * Bounds the reservation map: batches below min(held batches, `nextBatch`) are neither held nor going to be
   * produced here, so this party could never serve them; it now refuses them for good (refusing is always safe)
   * and forgets their reservations. `nextBatch` is the producer's next batch number.
   */
  compact(nextBatch: number): void {
    const held = this.store.batches();
    const floor = Math.min(nextBatch, held[0] ?? nextBatch);
    if (floor <= this.#floor) return;
    this.#floor = floor;
    for (const batch of this.#reserved.keys()) if (batch < floor) this.#reserved.delete(batch);
    for (const batch of this.#discarded) if (batch < floor) this.#discarded.delete(batch);
  }

  /** Reservations this party remembers (bounded by compact). */
  get reservations(): number {
    return this.#reserved.size;
  }

  /** The request `batches` are reserved for at this party, if any. */
  reservedFor(batch: number): string | undefined {
    return this.#reserved.get(batch);
  }

  /**
   * Takes the agreed batches of `requestId` as one BitDec pool, waiting up to `waitMs` for batches not produced
   * here yet. Batches this party did not reserve (it voted otherwise) are reserved now; one reserved for another
   * request means more than t parties lied, and fails the request here.
   */
  async claim(ring: GaloisRing, requestId: string, batches: readonly number[], waitMs: number) {
    const foreign = batches.find((b) => {
      const owner = this.#reserved.get(b);
      return b < this.#floor || (owner !== undefined && owner !== requestId);
    });
    if (foreign !== undefined) {
      this.release(batches.filter((b) => this.#reserved.get(b) === requestId));
      throw new PoolAllocationError(`batch ${foreign} is reserved for another request here; not using it`);
    }
    this.#reserve(
      requestId,
      batches.filter((b) => !this.#reserved.has(b)),
    );
    const missing = batches.filter((b) => !this.store.has(b));
    if (missing.length > 0 && !(await this.#waitFor(missing, waitMs))) {
      this.release(batches);
      throw new PoolAllocationError(
        `batches ${missing.filter((b) => !this.store.has(b)).join(', ')} are not held here`,
      );
    }
    const pool = new PreprocessingPool(ring);
    for (const batch of batches) {
      const material = this.store.take(batch)!;
      pool.addTriples(material.triples);
      pool.addBits(material.bits);
    }
    return pool;
  }

  /**
   * Drops the material of every batch still reserved for `requestId` (a proposal or vote that lost, or the
   * rest after a claim); the reservations stay. Call it when the request is done with the pool.
   */
  releaseRequest(requestId: string): void {
    const mine: number[] = [];
    for (const [batch, owner] of this.#reserved) if (owner === requestId) mine.push(batch);
    this.release(mine);
  }

  /** Drops the material of reserved `batches` (now or when produced); the reservations stay. */
  release(batches: readonly number[]): void {
    for (const batch of batches) {
      if (!this.#reserved.has(batch)) continue;
      if (this.store.has(batch)) this.store.delete(batch);
      // Not produced yet: drop it on arrival (lower numbers were taken already or will never come).
      else if (batch > this.#highestAdded) this.#discarded.add(batch);
    }
  }

  #reserve(requestId: string, batches: readonly number[]): void {
    let held = 0;
    for (const batch of batches) {
      this.#reserved.set(batch, requestId);
      if (this.store.has(batch)) held++;
    }
    if (held > 0) this.#changed(-held);
  }

  #changed(delta: number): void {
    this.#unreservedHeld += delta;
    for (const listener of this.#listeners) listener();
  }

  #waitFor(batches: readonly number[], waitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const pending = new Set(batches);
      const wakes: [number, () => void][] = [];
      const done = (ok: boolean) => {
        clearTimeout(timer);
        for (const [batch, wake] of wakes) this.#waiters.get(batch)?.delete(wake);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), waitMs);
      for (const batch of batches) {
        const wake = () => {
          pending.delete(batch);
          if (pending.size === 0) done(true);
        };
        wakes.push([batch, wake]);
        const set = this.#waiters.get(batch) ?? new Set();
        set.add(wake);
        this.#waiters.set(batch, set);
      }
    });
  }
}
