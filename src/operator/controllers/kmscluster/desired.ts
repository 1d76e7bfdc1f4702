// Desired children of a KmsCluster as pure functions of the resource and the TLS material it already has: per
// party a StatefulSet (one replica: every party has its own identity and config), a Service and a TLS Secret;
// a headless Service over all parties; one ConfigMap with each party's core config; managed Redis.
import type { KubernetesObject } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { coreConfigSchema } from '../../../core/config/schema.ts';
import type { PemPair } from '../../../core/tls/certificates.ts';
import { API_VERSION, CORE_PORTS, LABELS } from '../../api/constants.ts';
import type { KmsCluster } from '../../api/types.ts';
import { childNames, partyAddress, partyIdentity } from './names.ts';

/** Env overrides of the core config carrying S3 credentials; the YAML holds a placeholder the env replaces. */
export const S3_CREDENTIAL_ENV = {
  accessKeyId: ['KMS_CORE__STORAGE__PUBLIC__ACCESSKEYID', 'KMS_CORE__STORAGE__PRIVATE__ACCESSKEYID'],
  secretAccessKey: [
    'KMS_CORE__STORAGE__PUBLIC__SECRETACCESSKEY',
    'KMS_CORE__STORAGE__PRIVATE__SECRETACCESSKEY',
  ],
} as const;
const FROM_ENV = 'set-from-environment';
const REDIS_PORT = 6379;
const MOUNTS = { config: '/etc/kms/config', tls: '/etc/kms/tls', data: '/data' } as const;

export interface PartyTls {
  ca: PemPair;
  parties: PemPair[];
}

export function ownerReference(cluster: KmsCluster) {
  return {
    apiVersion: API_VERSION,
    kind: 'KmsCluster',
    name: cluster.metadata.name,
    uid: cluster.metadata.uid as string,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function meta(cluster: KmsCluster, name: string, extraLabels: Record<string, string> = {}) {
  return {
    name,
    namespace: cluster.metadata.namespace,
    labels: {
      [LABELS.cluster]: cluster.metadata.name,
      [LABELS.managedBy]: 'kms-operator',
      'app.kubernetes.io/name': 'kms',
      'app.kubernetes.io/instance': cluster.metadata.name,
      ...extraLabels,
    },
    ownerReferences: [ownerReference(cluster)],
  };
}

export function redisUrl(cluster: KmsCluster): string {
  if (cluster.spec.redis.external) return cluster.spec.redis.external.url;
  return `redis://${childNames(cluster.metadata.name).redis}.${cluster.metadata.namespace}.svc:${REDIS_PORT}`;
}

/** A core config as written to YAML (schema defaults left to the core). */
export type CoreConfigInput = z.input<typeof coreConfigSchema>;

/** The core config of party `index` (1-based), validated against the core's own schema. */
export function coreConfig(cluster: KmsCluster, index: number): CoreConfigInput {
  const { name, namespace } = cluster.metadata;
  const { spec } = cluster;
  const s3 = spec.storage.s3;
  const s3Store = s3
    ? {
        type: 's3' as const,
        region: s3.region,
        bucket: s3.bucket,
        forcePathStyle: s3.forcePathStyle ?? s3.endpoint !== undefined,
        ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
        ...(s3.credentialsSecretRef ? { accessKeyId: FROM_ENV, secretAccessKey: FROM_ENV } : {}),
      }
    : undefined;
  const fileStore = (sub: string) => ({ type: 'file' as const, path: `${MOUNTS.data}/${sub}` });
  const config: CoreConfigInput = {
    party: { id: index, identity: partyIdentity(index) },
    threshold: spec.threshold,
    listen: {
      client: `0.0.0.0:${CORE_PORTS.client}`,
      peer: `0.0.0.0:${CORE_PORTS.peer}`,
      metrics: `0.0.0.0:${CORE_PORTS.metrics}`,
    },
    peers: Array.from({ length: spec.parties }, (_, j) => ({
      partyId: j + 1,
      address: partyAddress(name, namespace, j + 1, CORE_PORTS.peer),
      identity: partyIdentity(j + 1),
    })),
    tls: {
      caFile: `${MOUNTS.tls}/ca.crt`,
      certFile: `${MOUNTS.tls}/tls.crt`,
      keyFile: `${MOUNTS.tls}/tls.key`,
    },
    storage: {
      public: s3Store ?? fileStore('public'),
      // Private shares stay on the party's own volume when it has one.
      private: spec.storage.volume || !s3Store ? fileStore('private') : s3Store,
    },
    preprocessing: { type: 'redis', url: redisUrl(cluster) },
    limits: {
      maxClientMessageBytes: 256 << 20,
      maxPeerMessageBytes: 16 << 20,
      rateLimitTokens: 50_000,
      decryptionStoreCapacity: 10_000,
      peerTimeoutMs: spec.peerTimeoutMs ?? 60_000,
    },
    log: { level: spec.logLevel ?? 'info' },
  };
  coreConfigSchema.parse(config);
  return config;
}

export function configMap(cluster: KmsCluster): KubernetesObject & { data: Record<string, string> } {
  const names = childNames(cluster.metadata.name);
  const data: Record<string, string> = {};
  for (let i = 1; i <= cluster.spec.parties; i++)
    data[names.configKey(i)] = stringify(coreConfig(cluster, i));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(cluster, names.configMap), data };
}

export function caSecret(cluster: KmsCluster, ca: PemPair): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(cluster, childNames(cluster.metadata.name).caSecret),
    type: 'Opaque',
    stringData: { 'ca.crt': ca.certPem, 'ca.key': ca.keyPem },
  } as KubernetesObject;
}

export function partyTlsSecret(cluster: KmsCluster, index: number, tls: PartyTls): KubernetesObject {
  const cert = tls.parties[index - 1];
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(cluster, childNames(cluster.metadata.name).partyTlsSecret(index), {
      [LABELS.party]: String(index),
    }),
    type: 'kubernetes.io/tls',
    stringData: { 'ca.crt': tls.ca.certPem, 'tls.crt': cert.certPem, 'tls.key': cert.keyPem },
  } as KubernetesObject;
}

const corePorts = [
  { name: 'client', port: CORE_PORTS.client, targetPort: CORE_PORTS.client },
  { name: 'peer', port: CORE_PORTS.peer, targetPort: CORE_PORTS.peer },
  { name: 'metrics', port: CORE_PORTS.metrics, targetPort: CORE_PORTS.metrics },
];

export function peersService(cluster: KmsCluster): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, childNames(cluster.metadata.name).peersService),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { [LABELS.cluster]: cluster.metadata.name, [LABELS.component]: 'core' },
      ports: corePorts,
    },
  } as KubernetesObject;
}

export function partyService(cluster: KmsCluster, index: number): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, childNames(cluster.metadata.name).party(index), {
      [LABELS.party]: String(index),
    }),
    spec: {
      type: 'ClusterIP',
      // Peers must reach a party while it starts (the MPC network forms before readiness).
      publishNotReadyAddresses: true,
      selector: {
        [LABELS.cluster]: cluster.metadata.name,
        [LABELS.component]: 'core',
        [LABELS.party]: String(index),
      },
      ports: corePorts,
    },
  } as KubernetesObject;
}

export function partyStatefulSet(cluster: KmsCluster, index: number): KubernetesObject {
  const names = childNames(cluster.metadata.name);
  const { spec } = cluster;
  const podLabels = {
    [LABELS.cluster]: cluster.metadata.name,
    [LABELS.component]: 'core',
    [LABELS.party]: String(index),
  };
  const credentials = spec.storage.s3?.credentialsSecretRef;
  const env = credentials
    ? (['accessKeyId', 'secretAccessKey'] as const).flatMap((key) =>
        S3_CREDENTIAL_ENV[key].map((name) => ({
          name,
          valueFrom: { secretKeyRef: { name: credentials.name, key } },
        })),
      )
    : [];
  const volume = spec.storage.volume;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(cluster, names.party(index), {
      [LABELS.party]: String(index),
      [LABELS.component]: 'core',
    }),
    spec: {
      replicas: 1,
      serviceName: names.peersService,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: { ...podLabels, 'app.kubernetes.io/name': 'kms' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            fsGroup: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
          containers: [
            {
              name: 'core',
              image: spec.image,
              imagePullPolicy: spec.imagePullPolicy ?? 'IfNotPresent',
              args: ['bin/kms.mjs', 'core', '--config', `${MOUNTS.config}/core.yaml`],
              env,
              ports: corePorts.map((p) => ({ name: p.name, containerPort: p.port })),
              readinessProbe: { grpc: { port: CORE_PORTS.client }, periodSeconds: 5 },
              livenessProbe: { grpc: { port: CORE_PORTS.client }, periodSeconds: 20, failureThreshold: 6 },
              resources: spec.resources ?? {},
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: MOUNTS.config, readOnly: true },
                { name: 'tls', mountPath: MOUNTS.tls, readOnly: true },
                { name: 'data', mountPath: MOUNTS.data },
                // The root filesystem is read-only; the TypeScript loader caches under /tmp.
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            {
              name: 'config',
              configMap: {
                name: names.configMap,
                items: [{ key: names.configKey(index), path: 'core.yaml' }],
              },
            },
            { name: 'tls', secret: { secretName: names.partyTlsSecret(index), defaultMode: 0o400 } },
            { name: 'tmp', emptyDir: {} },
            ...(volume ? [] : [{ name: 'data', emptyDir: {} }]),
          ],
        },
      },
      ...(volume
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: 'data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  ...(volume.storageClassName ? { storageClassName: volume.storageClassName } : {}),
                  resources: { requests: { storage: volume.size } },
                },
              },
            ],
          }
        : {}),
    },
  } as KubernetesObject;
}

export function redisObjects(cluster: KmsCluster): KubernetesObject[] {
  const managed = cluster.spec.redis.managed;
  if (!managed) return [];
  const name = childNames(cluster.metadata.name).redis;
  const labels = { [LABELS.cluster]: cluster.metadata.name, [LABELS.component]: 'redis' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(cluster, name, { [LABELS.component]: 'redis' }),
      spec: { selector: labels, ports: [{ name: 'redis', port: REDIS_PORT, targetPort: REDIS_PORT }] },
    } as KubernetesObject,
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(cluster, name, { [LABELS.component]: 'redis' }),
      spec: {
        replicas: 1,
        serviceName: name,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'redis',
                image: managed.image,
                args: ['--appendonly', 'yes', '--dir', '/data'],
                ports: [{ name: 'redis', containerPort: REDIS_PORT }],
                readinessProbe: { tcpSocket: { port: REDIS_PORT }, periodSeconds: 5 },
                resources: managed.resources ?? {},
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
            volumes: [{ name: 'data', emptyDir: {} }],
          },
        },
      },
    } as KubernetesObject,
  ];
}

/**
 * Voluntary disruptions (drains, upgrades) may take down at most t parties at once: the protocols stay robust
 * with t parties missing, not with more.
 */
export function partiesDisruptionBudget(cluster: KmsCluster): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(cluster, childNames(cluster.metadata.name).disruptionBudget),
    spec: {
      maxUnavailable: cluster.spec.threshold,
      selector: { matchLabels: { [LABELS.cluster]: cluster.metadata.name, [LABELS.component]: 'core' } },
    },
  } as KubernetesObject;
}

/** Every child to apply, in dependency order (secrets and config before the workloads that mount them). */
export function desiredChildren(cluster: KmsCluster, tls: PartyTls): KubernetesObject[] {
  const parties = Array.from({ length: cluster.spec.parties }, (_, i) => i + 1);
  return [
    caSecret(cluster, tls.ca),
    ...parties.map((i) => partyTlsSecret(cluster, i, tls)),
    configMap(cluster),
    peersService(cluster),
    ...parties.map((i) => partyService(cluster, i)),
    ...redisObjects(cluster),
    ...parties.map((i) => partyStatefulSet(cluster, i)),
    partiesDisruptionBudget(cluster),
  ];
}
