// KmsCluster on a real control plane (etcd + kube-apiserver + kube-controller-manager as processes). There is
// no kubelet: the StatefulSet controller creates pods and a kubelet stand-in (mock) marks them Ready.

import { HeadBucketCommand } from '@aws-sdk/client-s3';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  type KubeConfig,
  PolicyV1Api,
  type V1Secret,
} from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyEnvOverrides, validateConfig } from '../../src/core/config/load.ts';
import { certificateCommonName } from '../../src/core/tls/certificates.ts';
import { GROUP, VERSION } from '../../src/operator/api/constants.ts';
import type { KmsCluster } from '../../src/operator/api/types.ts';
import { type RunningOperator, startOperator } from '../../src/operator/operator.ts';
import { createS3Client } from '../../src/storage/s3-vault.ts';
import { s3ServerKind, startS3Server } from '../support/s3.ts';
import {
  type ControlPlane,
  controlPlane,
  createNamespace,
  installCrds,
  kubeConfigFrom,
  markPodsReady,
  waitFor,
} from './support/harness.ts';

const NS = 'kms-test';

function cluster(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'KmsCluster',
    metadata: { name, namespace: NS },
    spec: {
      parties: 4,
      threshold: 1,
      image: 'registry.example/kms:test',
      storage: { volume: { size: '1Gi' } },
      redis: { managed: {} },
      ...extra,
    },
  };
}

describe('KmsCluster controller on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let kc: KubeConfig;
  let operator: RunningOperator | undefined;
  let custom: CustomObjectsApi;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let stand: { stop: () => void; marked: Set<string> } | undefined;

  const getCluster = (name: string) =>
    custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'kmsclusters',
      name,
    }) as Promise<KmsCluster>;
  const create = (body: object, plural = 'kmsclusters') =>
    custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural, body });

  beforeAll(async () => {
    // CRDs go in before the controller manager starts, so its garbage collector watches them from the start.
    cp = await controlPlane(true, (path) => installCrds(kubeConfigFrom(path), path));
    kc = kubeConfigFrom(cp.kubeconfigPath);
    custom = kc.makeApiClient(CustomObjectsApi);
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    await createNamespace(kc, NS);
    operator = await startOperator({ kubeConfig: kc, namespace: NS, logger: pino({ level: 'warn' }) });
  });

  afterAll(async () => {
    stand?.stop();
    await operator?.stop();
    await cp?.stop();
  });

  it('creates per-party StatefulSets, Services, core configs and TLS Secrets; Ready=True at the current generation once pods are Ready (pods marked Ready by a kubelet stand-in, mock)', async () => {
    await create(cluster('alpha'));
    const sets = await waitFor('5 StatefulSets', async () => {
      const list = await apps.listNamespacedStatefulSet({
        namespace: NS,
        labelSelector: 'kms.example.com/cluster=alpha',
      });
      return list.items.length === 5 ? list.items : undefined;
    });
    expect(sets.map((s) => s.metadata?.name).sort()).toEqual([
      'alpha-p1',
      'alpha-p2',
      'alpha-p3',
      'alpha-p4',
      'alpha-redis',
    ]);
    for (const set of sets) {
      const owner = set.metadata?.ownerReferences?.[0];
      expect(owner).toMatchObject({
        kind: 'KmsCluster',
        name: 'alpha',
        controller: true,
        blockOwnerDeletion: true,
      });
      expect(set.metadata?.managedFields?.map((f) => f.manager)).toContain('kms-operator');
    }
    const services = (
      await core.listNamespacedService({ namespace: NS, labelSelector: 'kms.example.com/cluster=alpha' })
    ).items;
    expect(services.map((s) => s.metadata?.name).sort()).toEqual([
      'alpha-p1',
      'alpha-p2',
      'alpha-p3',
      'alpha-p4',
      'alpha-peers',
      'alpha-redis',
    ]);
    expect(services.find((s) => s.metadata?.name === 'alpha-peers')?.spec?.clusterIP).toBe('None');
    const pdb = await kc
      .makeApiClient(PolicyV1Api)
      .readNamespacedPodDisruptionBudget({ name: 'alpha-parties', namespace: NS });
    expect(pdb.spec?.maxUnavailable).toBe(1);

    // Each party's config validates against the core's schema (YAML + env overrides, as the pod loads it).
    const cm = await core.readNamespacedConfigMap({ name: 'alpha-config', namespace: NS });
    for (let i = 1; i <= 4; i++) {
      const config = validateConfig(applyEnvOverrides(parse(cm.data?.[`core-p${i}.yaml`] as string), {}));
      expect(config.party.id).toBe(i);
      expect(config.peers.map((p) => p.address)).toContain(`alpha-p${i}.${NS}.svc:50001`);
      expect(config.preprocessing).toEqual({ type: 'redis', url: `redis://alpha-redis.${NS}.svc:6379` });
    }
    // Certificates: one CA in a Secret, each party's certificate names its MPC identity.
    const secret = (name: string) => core.readNamespacedSecret({ name, namespace: NS }) as Promise<V1Secret>;
    const ca = await secret('alpha-ca');
    expect(Buffer.from(ca.data?.['ca.key'] as string, 'base64').toString()).toContain('PRIVATE KEY');
    for (let i = 1; i <= 4; i++) {
      const tls = await secret(`alpha-p${i}-tls`);
      expect(tls.type).toBe('kubernetes.io/tls');
      expect(certificateCommonName(Buffer.from(tls.data?.['tls.crt'] as string, 'base64').toString())).toBe(
        `p${i}`,
      );
      expect(tls.data?.['ca.crt']).toBe(ca.data?.['ca.crt']);
    }

    const waiting = await waitFor('status written', async () => {
      const c = await getCluster('alpha');
      return c.status?.conditions?.length ? c : undefined;
    });
    expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'WaitingForParties',
    });
    expect(waiting.status?.conditions?.find((c) => c.type === 'Reconciling')?.status).toBe('True');
    expect(waiting.status?.readyParties).toBe(0);

    stand = await markPodsReady(kc, NS);
    const ready = await waitFor(
      'Ready=True',
      async () => {
        const c = await getCluster('alpha');
        return c.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True' ? c : undefined;
      },
      90_000,
    );
    expect(ready.status?.observedGeneration).toBe(ready.metadata.generation);
    expect(ready.status?.readyParties).toBe(4);
    expect(ready.status?.parties?.every((p) => p.ready)).toBe(true);
    expect(ready.status?.conditions?.find((c) => c.type === 'Stalled')?.status).toBe('False');
    const events = await waitFor('Ready event', async () => {
      const list = await kc.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: NS });
      const mine = list.items.filter((e) => e.regarding?.name === 'alpha' && e.reason === 'Ready');
      return mine.length ? mine : undefined;
    });
    expect(events[0]).toMatchObject({ type: 'Normal', reportingController: 'kms.example.com/kms-operator' });

    // A spec change bumps the generation; status catches up and the change reaches the config.
    await custom.patchNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'kmsclusters',
      name: 'alpha',
      body: [{ op: 'add', path: '/spec/logLevel', value: 'debug' }],
    });
    const updated = await waitFor('observedGeneration 2', async () => {
      const c = await getCluster('alpha');
      return c.status?.observedGeneration === 2 ? c : undefined;
    });
    expect(updated.metadata.generation).toBe(2);
    const cm2 = await core.readNamespacedConfigMap({ name: 'alpha-config', namespace: NS });
    expect(parse(cm2.data?.['core-p1.yaml'] as string).log.level).toBe('debug');
  });

  it('the API server rejects n ≠ 3t + 1, a storage without backend, two Redis choices, a change of n, and a changed KeyGen spec', async () => {
    const reject = async (body: object, message: RegExp, plural = 'kmsclusters') => {
      const error = await create(body, plural).then(
        () => undefined,
        (e: unknown) => e as { code: number; body: string },
      );
      expect(error, `expected rejection matching ${message}`).toBeDefined();
      expect(error?.code).toBe(422);
      expect(String(error?.body)).toMatch(message);
    };
    await reject(cluster('bad-n', { parties: 5, threshold: 1 }), /parties must equal 3 \* threshold \+ 1/);
    await reject(cluster('bad-storage', { storage: {} }), /storage needs s3, volume, or both/);
    await reject(
      cluster('bad-redis', { redis: { managed: {}, external: { url: 'redis://x:6379' } } }),
      /exactly one of managed or external/,
    );

    await create(cluster('beta'));
    const changeN = await custom
      .patchNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural: 'kmsclusters',
        name: 'beta',
        body: [
          { op: 'replace', path: '/spec/parties', value: 7 },
          { op: 'replace', path: '/spec/threshold', value: 2 },
        ],
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: number; body: string },
      );
    expect(changeN?.code).toBe(422);
    expect(String(changeN?.body)).toMatch(/cannot change/);

    await create(
      {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'KeyGen',
        metadata: { name: 'kg', namespace: NS },
        spec: { clusterRef: { name: 'nowhere' }, insecure: true },
      },
      'keygens',
    );
    const changed = await custom
      .patchNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural: 'keygens',
        name: 'kg',
        body: [{ op: 'replace', path: '/spec/insecure', value: false }],
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: number; body: string },
      );
    expect(changed?.code).toBe(422);
    expect(String(changed?.body)).toMatch(/spec is immutable/);
    // The KeyGen waits for its missing cluster rather than failing.
    const pending = await waitFor('KeyGen Pending', async () => {
      const kg = (await custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural: 'keygens',
        name: 'kg',
      })) as { status?: { phase?: string; conditions?: { type: string; reason: string }[] } };
      return kg.status?.phase ? kg : undefined;
    });
    expect(pending.status?.phase).toBe('Pending');
    expect(pending.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('ClusterNotFound');
  });

  it('deleting a KmsCluster cascades to its StatefulSets, Services, ConfigMap and Secrets (garbage collector of kube-controller-manager)', async () => {
    await create(cluster('gamma'));
    const selector = 'kms.example.com/cluster=gamma';
    await waitFor(
      'gamma children',
      async () =>
        (await apps.listNamespacedStatefulSet({ namespace: NS, labelSelector: selector })).items.length === 5,
    );
    await custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'kmsclusters',
      name: 'gamma',
    });
    await waitFor(
      'children deleted',
      async () => {
        const [sets, services, secrets, maps] = await Promise.all([
          apps.listNamespacedStatefulSet({ namespace: NS, labelSelector: selector }),
          core.listNamespacedService({ namespace: NS, labelSelector: selector }),
          core.listNamespacedSecret({ namespace: NS, labelSelector: selector }),
          core.listNamespacedConfigMap({ namespace: NS, labelSelector: selector }),
        ]);
        return sets.items.length + services.items.length + secrets.items.length + maps.items.length === 0;
      },
      90_000,
    );
    // The other cluster is untouched.
    expect(
      (
        await apps.listNamespacedStatefulSet({
          namespace: NS,
          labelSelector: 'kms.example.com/cluster=alpha',
        })
      ).items,
    ).toHaveLength(5);
  });

  it(`creates the cluster's bucket through the S3 API (${s3ServerKind({ allowS3rverFallback: true })}) and passes credentials to the cores only by Secret reference`, async () => {
    const s3 = await startS3Server({ allowS3rverFallback: true });
    try {
      await core.createNamespacedSecret({
        namespace: NS,
        body: {
          metadata: { name: 's3-creds' },
          stringData: {
            accessKeyId: s3.credentials.accessKeyId,
            secretAccessKey: s3.credentials.secretAccessKey,
          },
        },
      });
      await create(
        cluster('delta', {
          storage: {
            s3: {
              endpoint: s3.endpoint,
              region: s3.region,
              bucket: 'kms-delta',
              forcePathStyle: true,
              credentialsSecretRef: { name: 's3-creds' },
            },
            volume: { size: '1Gi' },
          },
        }),
      );
      const withBucket = await waitFor('bucket in status', async () => {
        const c = await getCluster('delta');
        return c.status?.buckets?.length ? c : undefined;
      });
      expect(withBucket.status?.buckets).toEqual(['kms-delta']);
      const client = createS3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        credentials: s3.credentials,
      });
      try {
        await client.send(new HeadBucketCommand({ Bucket: 'kms-delta' }));
      } finally {
        client.destroy();
      }
      const cm = await core.readNamespacedConfigMap({ name: 'delta-config', namespace: NS });
      expect(cm.data?.['core-p1.yaml']).not.toContain(s3.credentials.secretAccessKey);
      const set = await apps.readNamespacedStatefulSet({ name: 'delta-p1', namespace: NS });
      const env = set.spec?.template.spec?.containers[0].env ?? [];
      expect(
        env.find((e) => e.name === 'KMS_CORE__STORAGE__PUBLIC__SECRETACCESSKEY')?.valueFrom?.secretKeyRef,
      ).toEqual({ name: 's3-creds', key: 'secretAccessKey' });
    } finally {
      await s3.stop();
    }
  });
});
