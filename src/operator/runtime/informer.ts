// An informer that stays up: client-node's ListWatch stops on any error other than a timeout or 410, so this
// supervisor restarts it with backoff (reset after a successful connect) and re-enqueues every cached object
// after a restart and on a periodic resync.
import { type KubeConfig, type KubernetesObject, ListWatch, Watch } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { backoffDelay } from './queue.ts';

export interface InformerOptions<T extends KubernetesObject> {
  /** API path of the collection, e.g. /apis/apps/v1/statefulsets. */
  path: string;
  list: () => Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
  labelSelector?: string;
  fieldSelector?: string;
  resyncMs?: number;
}

export class SupervisedInformer<T extends KubernetesObject> {
  private readonly listWatch: ListWatch<T>;
  private readonly handlers: ((object: T) => void)[] = [];
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** True once the first list arrived and while the watch is up. */
  synced = false;
  restarts = 0;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: InformerOptions<T>,
    private readonly logger: Logger,
  ) {
    this.listWatch = new ListWatch<T>(
      options.path,
      new Watch(kubeConfig),
      options.list as never,
      false,
      options.labelSelector,
      options.fieldSelector,
    );
    const emit = (object: T) => {
      for (const handler of this.handlers) handler(object);
    };
    this.listWatch.on('add', emit);
    this.listWatch.on('update', emit);
    this.listWatch.on('delete', emit);
    this.listWatch.on('connect', () => {
      this.failures = 0;
      this.synced = true;
    });
    this.listWatch.on('error', (error) => this.restart(error));
  }

  /** Called with every added, updated or deleted object and with every cached object on (re)sync. */
  onChange(handler: (object: T) => void): void {
    this.handlers.push(handler);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.listWatch.start();
    this.synced = true;
    if (this.options.resyncMs) {
      this.resyncTimer = setInterval(() => this.resync(), this.options.resyncMs);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.resyncTimer);
    await this.listWatch.stop();
  }

  list(namespace?: string): readonly T[] {
    return this.listWatch.list(namespace);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.listWatch.get(name, namespace);
  }

  resync(): void {
    for (const object of this.listWatch.list()) for (const handler of this.handlers) handler(object);
  }

  private restart(error: unknown): void {
    this.synced = false;
    if (this.stopped) return;
    this.failures++;
    const delay = backoffDelay(this.failures, { baseMs: 500, maxMs: 30_000 });
    this.logger.warn(
      { path: this.options.path, error: (error as Error)?.message, delayMs: delay },
      'informer stopped; restarting',
    );
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (this.stopped) return;
      this.restarts++;
      this.listWatch.start().then(
        () => {
          this.synced = true;
          this.resync();
        },
        (e: unknown) => this.restart(e),
      );
    }, delay);
    this.restartTimer.unref();
  }
}
