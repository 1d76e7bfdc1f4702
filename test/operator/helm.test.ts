// The Helm chart: lint, template and schema checks with the real helm binary, then `helm install` on a real
// control plane. The operator pod is run as a local process by a process kubelet (mock: no container runtime
// here), authenticated as the chart's ServiceAccount, so the chart's RBAC is what the operator gets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoordinationV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlaneBinDir, missingBinaries, missingBinariesMessage } from '../../scripts/control-plane.ts';
import { GROUP, VERSION } from '../../src/operator/api/constants.ts';
import type { KmsCluster } from '../../src/operator/api/types.ts';
import {
  type ControlPlane,
  controlPlane,
  createNamespace,
  kubeConfigFrom,
  REPO,
  waitFor,
} from './support/harness.ts';
import { type ProcessKubelet, runOperatorPods } from './support/process-kubelet.ts';

const CHART = join(REPO, 'charts', 'kms-operator');

function helm(args: string[]): { ok: boolean; out: string } {
  const dir = controlPlaneBinDir();
  if (missingBinaries(dir, ['helm']).length) throw new Error(missingBinariesMessage(dir, ['helm']));
  try {
    return {
      ok: true,
      out: execFileSync(join(dir, 'helm'), args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      }),
    };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('Helm chart kms-operator', () => {
  it('passes helm lint and renders CRDs, least-privilege RBAC and the Deployment', () => {
    const lint = helm(['lint', CHART]);
    expect(lint.ok, lint.out).toBe(true);
    const rendered = helm(['template', 'kms-operator', CHART, '-n', 'kms-system']);
    expect(rendered.ok, rendered.out).toBe(true);
    const kinds = [...rendered.out.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    expect(kinds.filter((k) => k === 'CustomResourceDefinition')).toHaveLength(3);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ServiceAccount',
        'ClusterRole',
        'ClusterRoleBinding',
        'Role',
        'RoleBinding',
        'Deployment',
      ]),
    );
    expect(rendered.out).toContain('helm.sh/resource-policy: keep');
    expect(rendered.out).not.toMatch(/verbs: \[[^\]]*"\*"/);
    expect(rendered.out).not.toMatch(/resources: \["\*"\]/);
    const namespaced = helm([
      'template',
      'kms-operator',
      CHART,
      '--set',
      'watchNamespace=team-a',
      '--set',
      'crds.install=false',
    ]);
    expect(namespaced.out).not.toContain('kind: CustomResourceDefinition');
    expect(namespaced.out).toMatch(/kind: Role\n[\s\S]*namespace: team-a/);
  });

  it('rejects unknown values, out-of-range replicas and Kubernetes older than 1.30', () => {
    expect(helm(['template', 'x', CHART, '--set', 'bogus=1']).out).toMatch(
      /additional properties 'bogus' not allowed/,
    );
    expect(helm(['template', 'x', CHART, '--set', 'replicas=5']).out).toMatch(/maximum/);
    expect(helm(['template', 'x', CHART, '--kube-version', '1.29.0']).out).toMatch(
      /chart requires kubeVersion/,
    );
    expect(helm(['template', 'x', CHART, '--kube-version', '1.35.4']).ok).toBe(true);
  });
});

describe('helm install on a real control plane (operator pod run as a process by a process kubelet, mock)', () => {
  let cp: ControlPlane;
  let kc: KubeConfig;
  let kubelet: ProcessKubelet | undefined;
  let logDir: string;

  beforeAll(async () => {
    cp = await controlPlane(true);
    kc = kubeConfigFrom(cp.kubeconfigPath);
    logDir = mkdtempSync(join(tmpdir(), 'kms-helm-logs-'));
  });

  afterAll(async () => {
    await kubelet?.stop();
    await cp?.stop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('installs the CRDs and the operator, which becomes Ready under the chart RBAC and reconciles a KmsCluster', async () => {
    await createNamespace(kc, 'kms-system');
    const install = helm([
      'install',
      'kms-operator',
      CHART,
      '--kubeconfig',
      cp.kubeconfigPath,
      '-n',
      'kms-system',
      '--set',
      'image.repository=kms',
      '--set',
      'image.tag=test',
    ]);
    expect(install.ok, install.out).toBe(true);
    kubelet = await runOperatorPods(
      kc,
      'kms-system',
      'app.kubernetes.io/name=kms-operator',
      (sa) => {
        expect(sa).toBe('kms-operator');
        return cp.kubeconfigFor(cp.operatorToken);
      },
      logDir,
    );
    const apps = kc.makeApiClient(AppsV1Api);
    const deployment = await waitFor(
      'operator Deployment available',
      async () => {
        const d = await apps.readNamespacedDeployment({ name: 'kms-operator', namespace: 'kms-system' });
        return d.status?.availableReplicas === 1 ? d : undefined;
      },
      120_000,
      500,
    );
    expect(deployment.status?.readyReplicas).toBe(1);
    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: 'kms-operator-leader', namespace: 'kms-system' });
    expect(lease.spec?.holderIdentity).toMatch(/^kms-operator-/);

    // The operator, as user system:serviceaccount:kms-system:kms-operator, applies children and writes status.
    await createNamespace(kc, 'team-a');
    const custom = kc.makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: 'team-a',
      plural: 'kmsclusters',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'KmsCluster',
        metadata: { name: 'k' },
        spec: {
          parties: 4,
          threshold: 1,
          image: 'kms:test',
          storage: { volume: { size: '1Gi' } },
          redis: { external: { url: 'redis://redis:6379' } },
        },
      },
    });
    const status = await waitFor(
      'KmsCluster status from the installed operator',
      async () => {
        const c = (await custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: 'team-a',
          plural: 'kmsclusters',
          name: 'k',
        })) as KmsCluster;
        return c.status?.observedGeneration === 1 ? c : undefined;
      },
      60_000,
      500,
    );
    expect(status.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('WaitingForParties');
    expect((await apps.listNamespacedStatefulSet({ namespace: 'team-a' })).items).toHaveLength(4);

    // Graceful shutdown (SIGTERM, as the kubelet sends it) releases the Lease so a successor starts at once.
    await kubelet.stop();
    const released = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: 'kms-operator-leader', namespace: 'kms-system' });
    expect(released.spec?.holderIdentity ?? '').toBe('');
    expect([...kubelet.processes.values()].every((p) => p.exitCode === 0)).toBe(true);
  });
});
