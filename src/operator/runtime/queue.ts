// A keyed work queue in the manner of client-go's workqueue: a key waits at most once, is never handed to two
// workers at the same time, and a key added while in flight is processed again once its worker is done.
// Failures back off per key (base doubling to max); success forgets the key's failures.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Delay before the `failures`-th retry: base·2^(failures−1), capped at max. */
export function backoffDelay(failures: number, { baseMs, maxMs }: BackoffOptions): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 40));
}

export class WorkQueue {
  private readonly queued: string[] = [];
  private readonly queuedSet = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private shuttingDown = false;

  constructor(private readonly backoff: BackoffOptions = { baseMs: 1000, maxMs: 300_000 }) {}

  get length(): number {
    return this.queued.length;
  }

  /** Queues `key` now (deduplicated; deferred until its worker finishes when in flight). */
  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queuedSet.has(key)) return;
    this.queuedSet.add(key);
    this.queued.push(key);
    this.waiters.shift()?.();
  }

  /** Queues `key` after `delayMs`; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Queues `key` after its next backoff delay and returns that delay. */
  addRateLimited(key: string): number {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = backoffDelay(failures, this.backoff);
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure count of `key` (call after a successful pass). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key, or undefined once the queue shuts down. The caller must call done(key). */
  async get(): Promise<string | undefined> {
    while (this.queued.length === 0) {
      if (this.shuttingDown) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    const key = this.queued.shift() as string;
    this.queuedSet.delete(key);
    this.inFlight.add(key);
    return key;
  }

  done(key: string): void {
    this.inFlight.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  /** Stops handing out keys; workers blocked in get() receive undefined. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w();
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
