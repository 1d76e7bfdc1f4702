// Wires the operator: informers, the three controllers, leader election, /metrics + /healthz, and a graceful
// shutdown that stops handing out work, lets in-flight passes finish and releases the Lease.
import { hostname } from 'node:os';
import { AppsV1Api, KubeConfig, type V1StatefulSet } from '@kubernetes/client-node';
import pino, { type Logger } from 'pino';
import { GROUP, LABELS, PLURALS, VERSION } from './api/constants.ts';
import type { CrsCeremony, KeyGen, KmsCluster } from './api/types.ts';
import { ceremonyController } from './controllers/ceremony/reconcile.ts';
import type { OperationRecord } from './controllers/ceremony/select.ts';
import { crsPlan } from './controllers/crsceremony/plan.ts';
import { keygenPlan } from './controllers/keygen/plan.ts';
import { KMSCLUSTER_CONTROLLER, kmsClusterController } from './controllers/kmscluster/reconcile.ts';
import { EventRecorder } from './runtime/events.ts';
import { SupervisedInformer } from './runtime/informer.ts';
import { Kube } from './runtime/kube.ts';
import { LeaderElector } from './runtime/leader.ts';
import { Manager, objectKey } from './runtime/manager.ts';
import { OperatorMetrics, startHealthServer } from './runtime/metrics.ts';

export interface OperatorOptions {
  kubeConfig?: KubeConfig;
  /** Watch one namespace; all namespaces when empty. */
  namespace?: string;
  /** Namespace of the leader Lease; leader election is off when undefined. */
  leaseNamespace?: string;
  leaseName?: string;
  identity?: string;
  metricsHost?: string;
  metricsPort?: number;
  allowEndpointOverride?: boolean;
  pollIntervalMs?: number;
  waitIntervalMs?: number;
  logger?: Logger;
  /** Called when leadership is lost (default: exit the process, as client-go does). */
  onLeadershipLost?: () => void;
}

export interface RunningOperator {
  stop(): Promise<void>;
  metricsPort: number;
  readonly leading: boolean;
}

export async function startOperator(options: OperatorOptions = {}): Promise<RunningOperator> {
  const logger = options.logger ?? pino({ name: 'kms-operator' });
  const kc = options.kubeConfig ?? defaultKubeConfig();
  const kube = new Kube(kc);
  const apps = kc.makeApiClient(AppsV1Api);
  const metrics = new OperatorMetrics();
  const identity = options.identity ?? process.env.POD_NAME ?? `${hostname()}-${process.pid}`;
  const events = new EventRecorder(kube, 'kms.example.com/kms-operator', identity, logger);
  const ns = options.namespace || undefined;

  const customInformer = <T extends KmsCluster | KeyGen | CrsCeremony>(plural: string) =>
    new SupervisedInformer<T>(
      kc,
      {
        path: ns
          ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${plural}`
          : `/apis/${GROUP}/${VERSION}/${plural}`,
        list: () =>
          (ns
            ? kube.custom.listNamespacedCustomObject({
                group: GROUP,
                version: VERSION,
                namespace: ns,
                plural,
              })
            : kube.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural })) as never,
        resyncMs: 300_000,
      },
      logger,
    );
  const clusters = customInformer<KmsCluster>(PLURALS.KmsCluster);
  const keygens = customInformer<KeyGen>(PLURALS.KeyGen);
  const ceremonies = customInformer<CrsCeremony>(PLURALS.CrsCeremony);
  const selector = `${LABELS.managedBy}=kms-operator`;
  const statefulSets = new SupervisedInformer<V1StatefulSet>(
    kc,
    {
      path: ns ? `/apis/apps/v1/namespaces/${ns}/statefulsets` : '/apis/apps/v1/statefulsets',
      list: () =>
        (ns
          ? apps.listNamespacedStatefulSet({ namespace: ns, labelSelector: selector })
          : apps.listStatefulSetForAllNamespaces({ labelSelector: selector })) as never,
      labelSelector: selector,
    },
    logger,
  );

  const operations = (namespace: string): OperationRecord[] => [
    ...keygens.list(namespace).map((r) => ({ ...(r as KeyGen), kind: 'KeyGen' })),
    ...ceremonies.list(namespace).map((r) => ({ ...(r as CrsCeremony), kind: 'CrsCeremony' })),
  ];
  const manager = new Manager(logger, metrics);
  manager.addController(kmsClusterController({ kube, clusters, statefulSets, events, logger }));
  const ceremonyDeps = {
    kube,
    events,
    logger,
    operations,
    allowEndpointOverride: !!options.allowEndpointOverride,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.waitIntervalMs ? { waitIntervalMs: options.waitIntervalMs } : {}),
  };
  const keygenController = ceremonyController(keygenPlan, ceremonyDeps);
  const crsController = ceremonyController(crsPlan, ceremonyDeps);
  manager.addController(keygenController);
  manager.addController(crsController);

  // Every operation on a cluster is re-examined when the cluster or another operation on it changes.
  const operationsOf = (namespace: string, cluster: string): [string, string][] =>
    operations(namespace)
      .filter((r) => r.spec.clusterRef.name === cluster)
      .map((r) => [r.kind === 'KeyGen' ? keygenController.name : crsController.name, objectKey(r)]);
  manager.watch(clusters, (c) => [
    [KMSCLUSTER_CONTROLLER, objectKey(c)],
    ...operationsOf(c.metadata.namespace, c.metadata.name),
  ]);
  manager.watch(statefulSets, (s) => {
    const owner = s.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'KmsCluster');
    return owner ? [[KMSCLUSTER_CONTROLLER, `${s.metadata?.namespace}/${owner.name}`]] : [];
  });
  manager.watch(keygens, (r) => [
    [keygenController.name, objectKey(r)],
    ...operationsOf(r.metadata.namespace, r.spec.clusterRef.name),
  ]);
  manager.watch(ceremonies, (r) => [
    [crsController.name, objectKey(r)],
    ...operationsOf(r.metadata.namespace, r.spec.clusterRef.name),
  ]);

  const elector = options.leaseNamespace
    ? new LeaderElector(
        kube,
        { namespace: options.leaseNamespace, name: options.leaseName ?? 'kms-operator-leader', identity },
        logger,
      )
    : undefined;
  let stopping = false;
  const health = await startHealthServer(
    metrics,
    { healthy: () => !stopping, ready: () => manager.running && manager.informersSynced },
    options.metricsHost ?? '127.0.0.1',
    options.metricsPort ?? 0,
  );
  const metricsPort = (health.address() as { port: number }).port;

  const begin = async () => {
    metrics.leader.set(1);
    await manager.start();
    logger.info({ namespace: ns ?? '(all)', identity }, 'operator started');
  };
  if (elector) {
    void elector.run(
      () => {
        begin().catch((error: unknown) => logger.error({ error: (error as Error).message }, 'start failed'));
      },
      () => {
        metrics.leader.set(0);
        void manager.stop();
        (options.onLeadershipLost ?? (() => process.exit(1)))();
      },
    );
  } else await begin();

  return {
    metricsPort,
    get leading() {
      return elector ? elector.leading : true;
    },
    async stop() {
      stopping = true;
      await manager.stop();
      await elector?.release();
      metrics.leader.set(0);
      await new Promise((r) => health.close(r));
      health.closeAllConnections?.();
      logger.info('operator stopped');
    },
  };
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}
