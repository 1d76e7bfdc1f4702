import type { V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { applyEnvOverrides, validateConfig } from '../../../core/config/load.ts';
import type { KmsCluster } from '../../api/types.ts';
import { clusterFileFor } from '../ceremony/endpoints.ts';
import { configMap, desiredChildren, partyStatefulSet, S3_CREDENTIAL_ENV } from './desired.ts';
import { observeCluster } from './observe.ts';
import { clusterStatus } from './status.ts';

const pem = { certPem: 'CERT', keyPem: 'KEY' };
const tls = { ca: pem, parties: [pem, pem, pem, pem] };

function cluster(spec: Partial<KmsCluster['spec']> = {}): KmsCluster {
  return {
    apiVersion: 'kms.example.com/v1alpha1',
    kind: 'KmsCluster',
    metadata: { name: 'kms', namespace: 'prod', uid: 'u1', generation: 3 },
    spec: {
      parties: 4,
      threshold: 1,
      image: 'kms:1',
      storage: { volume: { size: '10Gi' } },
      redis: { managed: { image: 'redis:7.0' } },
      parameters: 'default',
      decryptionMode: 'NoiseFlood',
      ...spec,
    },
  };
}

describe('KmsCluster desired state', () => {
  it('builds secrets and config before workloads, every child owned by the cluster', () => {
    const children = desiredChildren(cluster(), tls);
    expect(children.map((c) => `${c.kind}/${c.metadata?.name}`)).toEqual([
      'Secret/kms-ca',
      'Secret/kms-p1-tls',
      'Secret/kms-p2-tls',
      'Secret/kms-p3-tls',
      'Secret/kms-p4-tls',
      'ConfigMap/kms-config',
      'Service/kms-peers',
      'Service/kms-p1',
      'Service/kms-p2',
      'Service/kms-p3',
      'Service/kms-p4',
      'Service/kms-redis',
      'StatefulSet/kms-redis',
      'StatefulSet/kms-p1',
      'StatefulSet/kms-p2',
      'StatefulSet/kms-p3',
      'StatefulSet/kms-p4',
      'PodDisruptionBudget/kms-parties',
    ]);
    for (const c of children)
      expect(c.metadata?.ownerReferences?.[0]).toMatchObject({ uid: 'u1', controller: true });
  });

  it('gives each party a core config that passes the core schema, also with S3 storage and env credentials', () => {
    const s3 = cluster({
      storage: {
        s3: {
          region: 'eu-west-1',
          bucket: 'kms-keys',
          endpoint: 'http://s3:9000',
          credentialsSecretRef: { name: 's3' },
        },
      },
      redis: { external: { url: 'redis://redis:6379' } },
    });
    for (const c of [cluster(), s3]) {
      const data = configMap(c).data;
      for (let i = 1; i <= 4; i++) {
        const env = Object.fromEntries(
          [...S3_CREDENTIAL_ENV.accessKeyId, ...S3_CREDENTIAL_ENV.secretAccessKey].map((k) => [
            k,
            'secret-value',
          ]),
        );
        const config = validateConfig(
          applyEnvOverrides(parseYaml(data[`core-p${i}.yaml`]), c.spec.storage.s3 ? env : {}),
        );
        expect(config.party).toEqual({ id: i, identity: `p${i}` });
        expect(config.peers).toHaveLength(4);
      }
    }
    const config = validateConfig(
      applyEnvOverrides(parseYaml(configMap(s3).data['core-p2.yaml']), {
        KMS_CORE__STORAGE__PUBLIC__ACCESSKEYID: 'AK',
        KMS_CORE__STORAGE__PUBLIC__SECRETACCESSKEY: 'SK',
      }),
    );
    expect(config.storage.public).toMatchObject({
      type: 's3',
      bucket: 'kms-keys',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
    });
    expect(config.storage.private).toMatchObject({ type: 's3' });
    expect(config.preprocessing).toEqual({ type: 'redis', url: 'redis://redis:6379' });
    const set = partyStatefulSet(s3, 2) as unknown as {
      spec: { template: { spec: { containers: { env: { name: string; valueFrom: unknown }[] }[] } } };
    };
    expect(set.spec.template.spec.containers[0].env.map((e) => e.name)).toEqual([
      ...S3_CREDENTIAL_ENV.accessKeyId,
      ...S3_CREDENTIAL_ENV.secretAccessKey,
    ]);
  });

  it('keeps private keys out of ConfigMaps and mounts only the party its own secret', () => {
    expect(stringify(configMap(cluster()))).not.toMatch(/PRIVATE KEY|KEY$/m);
    const set = partyStatefulSet(cluster(), 3) as unknown as {
      spec: { template: { spec: { volumes: { name: string; secret?: { secretName: string } }[] } } };
    };
    expect(set.spec.template.spec.volumes.find((v) => v.name === 'tls')?.secret?.secretName).toBe(
      'kms-p3-tls',
    );
  });

  it('reports Ready only when every party and Redis are ready', () => {
    const c = cluster();
    const ready = (name: string) =>
      ({
        metadata: { name, generation: 1 },
        spec: { replicas: 1 },
        status: { replicas: 1, readyReplicas: 1, observedGeneration: 1 },
      }) as V1StatefulSet;
    const all = observeCluster(c, (_ns, name) => ready(name));
    expect(
      clusterStatus(c, {}, { kind: 'observed', observed: all, buckets: [] }).conditions?.[0],
    ).toMatchObject({ type: 'Ready', status: 'True' });
    const some = observeCluster(c, (_ns, name) => (name === 'kms-p4' ? undefined : ready(name)));
    const status = clusterStatus(c, {}, { kind: 'observed', observed: some, buckets: [] });
    expect(status.readyParties).toBe(3);
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', message: '3/4 parties ready' });
  });

  it('builds the client view of the parties from their per-party Services', () => {
    const file = clusterFileFor(cluster({ storage: { s3: { region: 'r', bucket: 'bkt' } } }));
    expect(file.parties[0]).toEqual({
      partyId: 1,
      clientEndpoint: 'kms-p1.prod.svc:50100',
      publicStorage: { type: 's3', region: 'r', bucket: 'bkt' },
    });
  });
});
