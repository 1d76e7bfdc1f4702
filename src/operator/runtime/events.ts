// Kubernetes Events (events.k8s.io/v1) about our resources, with a small per-object rate limit so a hot loop
// cannot flood the API server. Failures to record are logged, never thrown.
import { randomBytes } from 'node:crypto';
import { V1MicroTime } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Kube } from './kube.ts';

export interface EventTarget {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid?: string };
}

export class EventRecorder {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly kube: Kube,
    private readonly controller: string,
    private readonly instance: string,
    private readonly logger: Logger,
    private readonly minIntervalMs = 10_000,
  ) {}

  record(
    target: EventTarget,
    type: 'Normal' | 'Warning',
    reason: string,
    note: string,
    action = 'Reconcile',
  ) {
    const key = `${target.kind}/${target.metadata.namespace}/${target.metadata.name}/${reason}/${note}`;
    const now = Date.now();
    if ((this.last.get(key) ?? 0) + this.minIntervalMs > now) return;
    this.last.set(key, now);
    if (this.last.size > 10_000) this.last.clear();
    const namespace = target.metadata.namespace;
    this.kube.events
      .createNamespacedEvent({
        namespace,
        body: {
          metadata: { name: `${target.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
          eventTime: new V1MicroTime(),
          reportingController: this.controller,
          reportingInstance: this.instance,
          action,
          reason,
          note: note.slice(0, 1000),
          type,
          regarding: {
            apiVersion: target.apiVersion,
            kind: target.kind,
            name: target.metadata.name,
            namespace,
            uid: target.metadata.uid,
          },
        },
      })
      .catch((error: unknown) =>
        this.logger.warn({ reason, error: (error as Error).message }, 'could not record event'),
      );
  }
}
