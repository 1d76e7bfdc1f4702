// Lease leader election against a real kube-apiserver: one leader at a time, takeover only after the lease
// expires, immediate handover on release (MicroTime renewTime round-trips through the API server's validation).
import { CoordinationV1Api } from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kube } from '../../src/operator/runtime/kube.ts';
import { LeaderElector } from '../../src/operator/runtime/leader.ts';
import { type ControlPlane, controlPlane, kubeConfigFrom, waitFor } from './support/harness.ts';

describe('Lease leader election on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let kube: Kube;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    cp = await controlPlane(false);
    kube = new Kube(kubeConfigFrom(cp.kubeconfigPath));
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('lets one of two candidates lead, and the other take over after release', async () => {
    const options = {
      namespace: 'default',
      name: 'kms-operator-leader',
      leaseDurationMs: 3_000,
      renewDeadlineMs: 2_000,
      retryPeriodMs: 300,
    };
    const a = new LeaderElector(kube, { ...options, identity: 'a' }, logger);
    const b = new LeaderElector(kube, { ...options, identity: 'b' }, logger);
    const started: string[] = [];
    void a.run(
      () => started.push('a'),
      () => started.push('a-lost'),
    );
    await waitFor('a leads', async () => a.leading);
    void b.run(
      () => started.push('b'),
      () => started.push('b-lost'),
    );
    // b keeps trying while a renews: well past one lease duration, a still leads.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(started).toEqual(['a']);
    expect(b.leading).toBe(false);
    const lease = await kube.coordination.readNamespacedLease({ namespace: 'default', name: options.name });
    expect(lease.spec?.holderIdentity).toBe('a');
    const renew = lease.spec?.renewTime as unknown;
    expect(renew instanceof Date ? renew.toISOString() : String(renew)).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:]+\.\d{6}Z$/,
    );
    await a.release();
    await waitFor('b leads', async () => b.leading, 10_000);
    expect(started).toEqual(['a', 'b']);
    const after = await kube.config
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ namespace: 'default', name: options.name });
    expect(after.spec?.holderIdentity).toBe('b');
    expect(after.spec?.leaseTransitions).toBe(1);
    await b.release();
  }, 60_000);
});
