// Start / poll / sync bookkeeping of long-running requests, per operation kind, bounded in size.
import { KmsError } from '../errors.ts';
import type { OperationKind, RateLimiter } from './rate-limiter.ts';

export type RequestState<R> =
  | { status: 'pending'; done: Promise<void> }
  | { status: 'succeeded'; result: R }
  | { status: 'failed'; error: KmsError };

interface Entry<R> {
  state: RequestState<R>;
  /** Insertion order, for evicting the oldest finished entries first. */
  seq: number;
}

export interface RegistryOptions {
  /** Most entries kept for this kind; finished ones are evicted oldest first when full. */
  capacity: number;
  /** Told when a run starts and when it ends (metrics). */
  observer?: RegistryObserver;
}

/** What a registry reports about its runs (kms_active_operations, kms_operation_duration_seconds). */
export interface RegistryObserver {
  started(kind: OperationKind): void;
  finished(kind: OperationKind, seconds: number, outcome: 'succeeded' | 'failed'): void;
}

/**
 * Tracks the requests of one operation kind. A known id cannot be started again unless its last attempt failed.
 * @example
 * const decryptions = new RequestRegistry<Plain>('publicDecrypt', limiter, { capacity: 10_000 });
 * decryptions.start(id, () => runDecryption(req));
 * const result = await decryptions.result(id, 60_000);
 */
export class RequestRegistry<R> {
  private readonly entries = new Map<string, Entry<R>>();
  private seq = 0;

  constructor(
    readonly kind: OperationKind,
    private readonly limiter: RateLimiter,
    private readonly options: RegistryOptions,
  ) {}

  /** Starts `run` under `id`; AlreadyExists for a known id whose last attempt did not fail. */
  start(id: string, run: () => Promise<R>): void {
    const existing = this.entries.get(id);
    if (existing && existing.state.status !== 'failed') {
      throw new KmsError('AlreadyExists', `${this.kind} request ${id} already exists`);
    }
    this.launch(id, run);
  }

  /**
   * Attaches to a running or finished request, re-runs a failed one, or starts a new one, then waits up to
   * `waitMs` for its result (Unavailable when the window closes; the work goes on).
   */
  async sync(id: string, run: () => Promise<R>, waitMs: number): Promise<R> {
    const existing = this.entries.get(id);
    if (!existing || existing.state.status === 'failed') this.launch(id, run);
    return this.result(id, waitMs);
  }

  /**
   * The result of `id`: waits up to `waitMs` while it is pending. NotFound for an unknown id, Unavailable when
   * still pending after the wait, the stored error when it failed.
   */
  async result(id: string, waitMs = 0): Promise<R> {
    const entry = this.entries.get(id);
    if (!entry) throw new KmsError('NotFound', `no ${this.kind} request ${id}`);
    if (entry.state.status === 'pending' && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        entry.state.done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const state = entry.state;
    if (state.status === 'pending')
      throw new KmsError('Unavailable', `${this.kind} request ${id} is still running`);
    if (state.status === 'failed') throw state.error;
    return state.result;
  }

  /** The current state without waiting, or undefined for an unknown id. */
  state(id: string): RequestState<R>['status'] | undefined {
    return this.entries.get(id)?.state.status;
  }

  /** The result of a succeeded request, synchronously; undefined otherwise. */
  peek(id: string): R | undefined {
    const state = this.entries.get(id)?.state;
    return state?.status === 'succeeded' ? state.result : undefined;
  }

  /** Records a finished result found in storage at boot (keys, CRSs), without running anything. */
  restore(id: string, result: R): void {
    if (!this.entries.delete(id)) this.makeRoom();
    this.entries.set(id, { state: { status: 'succeeded', result }, seq: this.seq++ });
  }

  /** Ids of succeeded requests, oldest first. */
  succeededIds(): string[] {
    return [...this.entries.entries()]
      .filter(([, e]) => e.state.status === 'succeeded')
      .sort((a, b) => a[1].seq - b[1].seq)
      .map(([id]) => id);
  }

  get size(): number {
    return this.entries.size;
  }

  private launch(id: string, run: () => Promise<R>): void {
    // A failed id run again moves to the end: the map's order stays the order of `seq`.
    if (!this.entries.delete(id)) this.makeRoom();
    const release = this.limiter.acquire(this.kind);
    let settle!: () => void;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const entry: Entry<R> = { state: { status: 'pending', done }, seq: this.seq++ };
    this.entries.set(id, entry);
    const { observer } = this.options;
    const startedAt = performance.now();
    observer?.started(this.kind);
    // A microtask boundary so a synchronous throw in `run` is recorded as a failure, not thrown at the caller.
    Promise.resolve()
      .then(run)
      .then(
        (result) => {
          entry.state = { status: 'succeeded', result };
        },
        (error: unknown) => {
          entry.state = { status: 'failed', error: asKmsError(error) };
        },
      )
      .finally(() => {
        release();
        settle();
        const outcome = entry.state.status === 'succeeded' ? 'succeeded' : 'failed';
        observer?.finished(this.kind, (performance.now() - startedAt) / 1000, outcome);
      });
  }

  /** Evicts the oldest finished entry when full. Entries are kept in `seq` order, so the first finished one met
   * is the oldest and a full store costs a scan past the running requests only, not over all entries. */
  private makeRoom(): void {
    if (this.entries.size < this.options.capacity) return;
    let oldest: string | undefined;
    for (const [id, entry] of this.entries) {
      if (entry.state.status !== 'pending') {
        oldest = id;
        break;
      }
    }
    if (oldest === undefined) {
      throw new KmsError('ResourceExhausted', `${this.kind} store is full of running requests`);
    }
    this.entries.delete(oldest);
  }
}

function asKmsError(error: unknown): KmsError {
  if (error instanceof KmsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Protocol aborts are reported as Aborted, everything else as Internal (reference KMS semantics).
  return new KmsError(/abort/i.test(message) ? 'Aborted' : 'Internal', message);
}
