// One reconcile pass of a one-shot ceremony record (KeyGen, CrsCeremony). Never blocks a worker on the long
// operation: each pass starts the current step or polls it once, writes status, and asks to be requeued.
// The request ids are in status before the first call, so after an operator restart a record only re-sends the
// same start (AlreadyExists) or polls — it never begins a second operation.
import type { Logger } from 'pino';
import { API_VERSION, PLURALS } from '../../api/constants.ts';
import type { CeremonyStatus, CeremonyStep, KmsCluster, ObjectMeta } from '../../api/types.ts';
import { CeremonyClient } from '../../parties/ceremony-client.ts';
import { isTrue } from '../../runtime/conditions.ts';
import type { EventRecorder } from '../../runtime/events.ts';
import type { Kube } from '../../runtime/kube.ts';
import { type Controller, type ReconcileResult, splitKey } from '../../runtime/manager.ts';
import { updateStatus } from '../../runtime/status.ts';
import { resolveEndpoints } from './endpoints.ts';
import type { CeremonyPlan } from './plan.ts';
import { activeOperation, type OperationRecord } from './select.ts';
import {
  failedStatus,
  isTerminal,
  pendingStatus,
  runningStatus,
  startingStatus,
  succeededStatus,
} from './status.ts';

export interface CeremonyDeps {
  kube: Kube;
  events: EventRecorder;
  logger: Logger;
  /** Every KeyGen and CrsCeremony record in the namespace (informer caches), for the one-at-a-time rule. */
  operations: (namespace: string) => OperationRecord[];
  allowEndpointOverride: boolean;
  pollIntervalMs?: number;
  waitIntervalMs?: number;
}

type CeremonyRecord = Omit<OperationRecord, 'kind'> & { metadata: ObjectMeta };

export function ceremonyController<R extends CeremonyRecord>(
  plan: CeremonyPlan<R>,
  deps: CeremonyDeps,
): Controller {
  const { kube, events, logger } = deps;
  const pollMs = deps.pollIntervalMs ?? 2_000;
  const waitMs = deps.waitIntervalMs ?? 10_000;
  const target = (r: R) => ({ apiVersion: API_VERSION, kind: plan.kind, metadata: r.metadata });

  return {
    name: plan.kind.toLowerCase(),
    workers: 2,
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      const { namespace, name } = splitKey(key);
      let record = await kube.readCustom<R>(plan.plural, namespace, name);
      if (!record || isTerminal(record.status?.phase)) return undefined;
      const generation = record.metadata.generation;
      const write = async (mutate: (s: CeremonyStatus) => CeremonyStatus) => {
        record = await updateStatus<CeremonyStatus, R>(kube, plan.plural, record as R, (s, r) =>
          isTerminal(r.status?.phase) ? s : mutate(s),
        );
      };
      const fail = async (reason: string, message: string) => {
        await write((s) => failedStatus(s, generation, reason, message));
        events.record(target(record as R), 'Warning', reason, message);
        logger.warn({ record: key, reason, message }, `${plan.kind} failed`);
        return undefined;
      };
      const wait = async (reason: string, message: string) => {
        await write((s) => pendingStatus(s, generation, reason, message));
        return { requeueAfterMs: waitMs };
      };

      const clusterName = record.spec.clusterRef.name;
      const cluster = await kube.readCustom<KmsCluster>(PLURALS.KmsCluster, namespace, clusterName);
      if (!cluster) return wait('ClusterNotFound', `KmsCluster ${clusterName} does not exist`);
      const endpoints = await resolveEndpoints(kube, cluster, deps.allowEndpointOverride);
      const started = !!record.status?.steps?.length;
      if (!started && !endpoints.overridden && !isTrue(cluster.status?.conditions, 'Ready'))
        return wait('WaitingForCluster', `KmsCluster ${clusterName} is not Ready`);
      const active = activeOperation(deps.operations(namespace), clusterName);
      if (!started && active && !(active.kind === plan.kind && active.metadata.name === name))
        return wait(
          'WaitingForOtherOperation',
          `${active.kind} ${active.metadata.name} runs on ${clusterName}`,
        );

      const stepPlans = plan.steps(record);
      if (!started) {
        await write((s) =>
          startingStatus(
            s,
            generation,
            record?.metadata.uid as string,
            stepPlans.map((p) => p.name),
          ),
        );
        events.record(
          target(record),
          'Normal',
          'Starting',
          `request ids recorded; starting ${stepPlans[0].name}`,
        );
      }
      const steps: CeremonyStep[] = structuredClone(record.status?.steps ?? []);
      const ids = Object.fromEntries(steps.map((s) => [s.name, s.requestId]));
      const index = steps.findIndex((s) => !s.completed);
      const step = steps[index];
      const stepPlan = stepPlans.find((p) => p.name === step?.name);
      if (!step || !stepPlan) return fail('InvalidStatus', 'status lists no step left to run');

      const client = new CeremonyClient(endpoints.cluster, endpoints.options);
      try {
        const n = client.parties;
        const needed = n - client.threshold;
        if (!step.started) {
          const outcome = await client.startAll(stepPlan.startMethod, stepPlan.request(ids, client));
          if (outcome.accepted + outcome.unreachable.length < needed)
            return fail('CoreRefused', `${stepPlan.startMethod} refused: ${outcome.refused.join('; ')}`);
          if (outcome.accepted < n) {
            const message = `${stepPlan.startMethod}: ${outcome.accepted}/${n} parties accepted; retrying (${[...outcome.refused, ...outcome.unreachable].join('; ')})`;
            await write((s) => runningStatus(s, generation, steps, n, message));
            return { requeueAfterMs: pollMs };
          }
          step.started = true;
          step.partiesDone = 0;
          await write((s) => runningStatus(s, generation, steps, n, `${step.name} started on ${n} parties`));
          return { requeueAfterMs: pollMs };
        }
        const poll = await client.pollOnce(stepPlan.pollMethod, step.requestId);
        if (poll.failed.length > n - needed)
          return fail('OperationFailed', `${step.name} failed: ${poll.failed.join('; ')}`);
        step.partiesDone = poll.results.size;
        const finished = poll.results.size + poll.failed.length === n && poll.results.size >= needed;
        if (!finished) {
          await write((s) =>
            runningStatus(s, generation, steps, n, `${step.name}: ${poll.results.size}/${n} parties done`),
          );
          return { requeueAfterMs: pollMs };
        }
        step.completed = true;
        if (index < steps.length - 1) {
          await write((s) =>
            runningStatus(s, generation, steps, n, `${step.name} done on ${poll.results.size}/${n} parties`),
          );
          return { requeueAfterMs: 0 };
        }
        const outcome = await plan.finish(record, client, steps, poll.results);
        if (!outcome.ok) return fail(outcome.reason, outcome.message);
        await write((s) => succeededStatus(s, generation, steps, outcome.result));
        events.record(target(record), 'Normal', 'Succeeded', record.status?.message ?? 'succeeded');
        return undefined;
      } finally {
        client.close();
      }
    },
  };
}
