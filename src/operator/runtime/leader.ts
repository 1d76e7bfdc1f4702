// Lease-based leader election, client-go's algorithm: take over a Lease only after its record stayed unchanged
// for leaseDuration on the local clock (no cross-node clock comparison), renew every retryPeriod, and give up
// leadership (onLost) when no renewal succeeded within renewDeadline. release() clears the holder on shutdown.
import { type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { isConflict, isNotFound, type Kube } from './kube.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observedRecord = '';
  private observedAt = 0;
  private lastRenew = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  leading = false;

  constructor(
    private readonly kube: Kube,
    private readonly options: LeaderElectionOptions,
    private readonly logger: Logger,
  ) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
  }

  /** Tries until leadership is acquired, then keeps renewing; calls onLost once if it is lost. */
  async run(onStarted: () => void, onLost: () => void): Promise<void> {
    while (!this.stopped && !(await this.tryAcquireOrRenew())) {
      await new Promise((r) => setTimeout(r, this.retryPeriodMs));
    }
    if (this.stopped) return;
    this.leading = true;
    this.lastRenew = Date.now();
    this.logger.info({ lease: this.options.name, identity: this.options.identity }, 'became leader');
    onStarted();
    const renew = async () => {
      if (this.stopped) return;
      const ok = await this.tryAcquireOrRenew();
      if (ok) this.lastRenew = Date.now();
      if (!ok && Date.now() - this.lastRenew > this.renewDeadlineMs) {
        this.leading = false;
        this.logger.error({ lease: this.options.name }, 'leader lease lost');
        onLost();
        return;
      }
      this.timer = setTimeout(renew, this.retryPeriodMs);
    };
    this.timer = setTimeout(renew, this.retryPeriodMs);
  }

  /** Stops renewing and, when leading, clears the holder so a successor can start at once. */
  async release(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.kube.coordination.readNamespacedLease(this.ref());
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      lease.spec.holderIdentity = undefined;
      lease.spec.leaseDurationSeconds = 1;
      await this.kube.coordination.replaceNamespacedLease({ ...this.ref(), body: lease });
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'could not release the leader lease');
    }
  }

  private ref() {
    return { namespace: this.options.namespace, name: this.options.name };
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new V1MicroTime();
    const durationSeconds = Math.ceil(this.leaseDurationMs / 1000);
    try {
      let lease: V1Lease;
      try {
        lease = await this.kube.coordination.readNamespacedLease(this.ref());
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await this.kube.coordination.createNamespacedLease({
          namespace: this.options.namespace,
          body: {
            metadata: { name: this.options.name, namespace: this.options.namespace },
            spec: {
              holderIdentity: this.options.identity,
              leaseDurationSeconds: durationSeconds,
              acquireTime: now,
              renewTime: now,
              leaseTransitions: 0,
            },
          },
        });
        return true;
      }
      const spec = lease.spec ?? {};
      const record = `${spec.holderIdentity}|${spec.renewTime?.toISOString?.() ?? spec.renewTime}`;
      if (record !== this.observedRecord) {
        this.observedRecord = record;
        this.observedAt = Date.now();
      }
      const holder = spec.holderIdentity;
      const mine = holder === this.options.identity;
      const heldBy = holder !== undefined && holder !== null && holder !== '';
      const expiredMs = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
      if (heldBy && !mine && Date.now() - this.observedAt < expiredMs) return false;
      lease.spec = {
        ...spec,
        holderIdentity: this.options.identity,
        leaseDurationSeconds: durationSeconds,
        renewTime: now,
        acquireTime: mine ? spec.acquireTime : now,
        leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      };
      await this.kube.coordination.replaceNamespacedLease({ ...this.ref(), body: lease });
      return true;
    } catch (error) {
      if (!isConflict(error))
        this.logger.warn({ error: (error as Error).message }, 'leader election request failed');
      return false;
    }
  }
}
