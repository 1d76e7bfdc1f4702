// A token bucket with per-operation costs: tokens are taken when an operation starts and given back when it ends,
// so the bucket bounds the work in flight (the reference KMS's semaphore limiter; all parties use the same config).
import { KmsError } from '../errors.ts';

export type OperationKind = 'publicDecrypt' | 'userDecrypt' | 'crsGen' | 'keyGenPreproc' | 'keyGen';

export interface RateLimits {
  capacity: number;
  costs: Record<OperationKind, number>;
}

export const defaultRateLimits: RateLimits = {
  capacity: 50_000,
  costs: { publicDecrypt: 1, userDecrypt: 1, crsGen: 100, keyGenPreproc: 25_000, keyGen: 1_000 },
};

export class RateLimiter {
  private available: number;

  constructor(private readonly limits: RateLimits = defaultRateLimits) {
    for (const [kind, cost] of Object.entries(limits.costs)) {
      if (!Number.isInteger(cost) || cost < 0 || cost > limits.capacity) {
        throw new RangeError(`rate limit cost of ${kind} must be an integer in [0, capacity], got ${cost}`);
      }
    }
    this.available = limits.capacity;
  }

  /** Takes the tokens of one operation or throws ResourceExhausted; call the returned function once when done. */
  acquire(kind: OperationKind): () => void {
    const cost = this.limits.costs[kind];
    if (cost > this.available) {
      throw new KmsError(
        'ResourceExhausted',
        `rate limit reached for ${kind}: retry when running work finishes`,
      );
    }
    this.available -= cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.available += cost;
    };
  }

  get tokensAvailable(): number {
    return this.available;
  }
}
