// Runs controllers: each has its own work queue fed by informer events (mapped to `namespace/name` keys of the
// owning resource) and N workers. Errors requeue with per-key backoff; a pass may ask for an explicit requeue.
// stop() drains: no new keys are handed out and in-flight passes finish before informers stop.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { SupervisedInformer } from './informer.ts';
import type { OperatorMetrics } from './metrics.ts';
import { type BackoffOptions, WorkQueue } from './queue.ts';

export interface ReconcileResult {
  /** Reconcile again after this long even without events (waiting states). */
  requeueAfterMs?: number;
}

export interface Controller {
  name: string;
  workers?: number;
  reconcile(key: string): Promise<ReconcileResult | undefined>;
}

interface Registered {
  controller: Controller;
  queue: WorkQueue;
}

export function objectKey(object: { metadata?: { namespace?: string; name?: string } }): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export class Manager {
  private readonly controllers = new Map<string, Registered>();
  private readonly informers: SupervisedInformer<KubernetesObject>[] = [];
  private workers: Promise<void>[] = [];
  private started = false;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: OperatorMetrics,
    private readonly backoff: BackoffOptions = { baseMs: 1000, maxMs: 300_000 },
  ) {}

  addController(controller: Controller): WorkQueue {
    const queue = new WorkQueue(this.backoff);
    this.controllers.set(controller.name, { controller, queue });
    return queue;
  }

  /** Feeds `informer` events to controllers: `route` returns [controller name, key] pairs per object. */
  watch<T extends KubernetesObject>(
    informer: SupervisedInformer<T>,
    route: (object: T) => [controller: string, key: string][],
  ): void {
    this.informers.push(informer as unknown as SupervisedInformer<KubernetesObject>);
    informer.onChange((object) => {
      for (const [name, key] of route(object)) this.enqueue(name, key);
    });
  }

  enqueue(controller: string, key: string): void {
    this.controllers.get(controller)?.queue.add(key);
  }

  get informersSynced(): boolean {
    return this.informers.every((i) => i.synced);
  }

  /** Starts informers (waiting for their first list), then the workers. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.start()));
    this.started = true;
    for (const informer of this.informers) informer.resync();
    for (const registered of this.controllers.values()) {
      for (let w = 0; w < (registered.controller.workers ?? 1); w++) {
        this.workers.push(this.work(registered));
      }
    }
  }

  async stop(): Promise<void> {
    for (const { queue } of this.controllers.values()) queue.shutdown();
    await Promise.all(this.workers);
    this.workers = [];
    await Promise.all(this.informers.map((i) => i.stop()));
    this.started = false;
  }

  get running(): boolean {
    return this.started;
  }

  private async work({ controller, queue }: Registered): Promise<void> {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      const end = this.metrics.reconcileSeconds.startTimer({ controller: controller.name });
      try {
        const result = await controller.reconcile(key);
        queue.forget(key);
        this.metrics.reconciles.inc({ controller: controller.name, result: 'success' });
        if (result?.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
      } catch (error) {
        const delay = queue.addRateLimited(key);
        this.metrics.reconciles.inc({ controller: controller.name, result: 'error' });
        this.logger.warn(
          { controller: controller.name, key, error: (error as Error)?.message, retryInMs: delay },
          'reconcile failed',
        );
      } finally {
        end();
        queue.done(key);
        this.metrics.queueDepth.set({ controller: controller.name }, queue.length);
      }
    }
  }
}
