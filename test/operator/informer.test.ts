// Informers across an API-server outage: client-node's ListWatch stops on errors other than timeouts and 410;
// the supervisor restarts it, so events after the API server returns still arrive.
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisedInformer } from '../../src/operator/runtime/informer.ts';
import { type ControlPlane, controlPlane, kubeConfigFrom, waitFor } from './support/harness.ts';

describe('SupervisedInformer on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let informer: SupervisedInformer<V1ConfigMap> | undefined;

  beforeAll(async () => {
    cp = await controlPlane(false);
  });
  afterAll(async () => {
    await informer?.stop();
    await cp?.stop();
  });

  it('keeps delivering events after kube-apiserver is stopped for a while and started again', async () => {
    const kc = kubeConfigFrom(cp.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    informer = new SupervisedInformer<V1ConfigMap>(
      kc,
      {
        path: '/api/v1/namespaces/default/configmaps',
        list: () => core.listNamespacedConfigMap({ namespace: 'default' }),
      },
      pino({ level: 'silent' }),
    );
    const seen = new Set<string>();
    informer.onChange((cm) => seen.add(cm.metadata?.name as string));
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before' } } });
    await waitFor('event before the outage', async () => seen.has('before'));

    await cp.restartApiServer(3_000);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after' } } });
    await waitFor('event after the outage', async () => seen.has('after'), 60_000);
    expect(informer.get('after', 'default')?.metadata?.name).toBe('after');
    expect(informer.synced).toBe(true);
    // The watch died with the API server and the supervisor restarted it (client-node alone would have stopped).
    expect(informer.restarts).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
