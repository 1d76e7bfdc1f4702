// Shared pieces of the operator integration tests: the real control plane (etcd + kube-apiserver, optionally
// kube-controller-manager), CRD installation, polling, and a stand-in for the kubelet that marks pods Ready
// (there is no kubelet and no container runtime here; tests that rely on it say so in their names).

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import {
  type ControlPlane,
  controlPlaneBinDir,
  missingBinaries,
  missingBinariesMessage,
  startControlPlane,
} from '../../../scripts/control-plane.ts';
import { CRDS } from '../../../src/operator/api/crds.ts';

export type { ControlPlane };

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Starts the control plane; fails with instructions when the binaries are missing. */
export async function controlPlane(
  controllerManager: boolean,
  beforeControllerManager?: (kubeconfigPath: string) => Promise<void>,
): Promise<ControlPlane> {
  const dir = controlPlaneBinDir();
  const missing = missingBinaries(dir, ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl']);
  if (missing.length) throw new Error(missingBinariesMessage(dir, missing));
  return startControlPlane({
    controllerManager,
    ...(beforeControllerManager ? { beforeControllerManager } : {}),
  });
}

export function kubeConfigFrom(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`,
  );
}

/** kubectl from the binary directory (scripts/ensure-control-plane.sh links it there). */
export function kubectl(kubeconfig: string, args: string[], input?: string): string {
  const bin = join(controlPlaneBinDir(), 'kubectl');
  if (missingBinaries(controlPlaneBinDir(), ['kubectl']).length)
    throw new Error(missingBinariesMessage(controlPlaneBinDir(), ['kubectl']));
  return execFileSync(bin, ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    ...(input ? { input } : {}),
    timeout: 120_000,
  });
}

/**
 * Applies the rendered crds/*.yaml with kubectl (server-side) and waits until they are Established. (The typed
 * client would drop x-kubernetes-* schema keys: its model names them in camelCase.)
 */
export async function installCrds(kc: KubeConfig, kubeconfig: string): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  kubectl(kubeconfig, ['apply', '--server-side', '--field-manager=test', '-f', join(REPO, 'crds')]);
  for (const crd of Object.values(CRDS)) {
    await waitFor(`CRD ${crd.metadata.name} Established`, async () => {
      const got = await api.readCustomResourceDefinition({ name: crd.metadata.name });
      return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });
  }
}

export async function createNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
}

/**
 * Kubelet stand-in (mock): watches pods in `namespace` and reports each Running and Ready, as a kubelet would
 * once its containers pass their readiness probes. Nothing runs in these pods.
 */
export async function markPodsReady(
  kc: KubeConfig,
  namespace: string,
): Promise<{ stop: () => void; marked: Set<string> }> {
  const core = kc.makeApiClient(CoreV1Api);
  const marked = new Set<string>();
  const ready = async (pod: V1Pod) => {
    const name = pod.metadata?.name as string;
    if (pod.metadata?.deletionTimestamp) return;
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
    await core.patchNamespacedPodStatus(
      {
        name,
        namespace,
        body: {
          status: {
            phase: 'Running',
            startTime: now,
            conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(condition),
            containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
              name: c.name,
              image: c.image,
              imageID: '',
              ready: true,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: now } },
            })),
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    marked.add(name);
  };
  for (const pod of (await core.listNamespacedPod({ namespace })).items) await ready(pod).catch(() => {});
  let stopped = false;
  let abort: AbortController | undefined;
  const watch = async () => {
    if (stopped) return;
    abort = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/pods`,
      {},
      (type, pod: V1Pod) => {
        if (type === 'ADDED' || type === 'MODIFIED') void ready(pod).catch(() => {});
      },
      () => void setTimeout(watch, 200),
    );
  };
  await watch();
  return {
    marked,
    stop: () => {
      stopped = true;
      abort?.abort();
    },
  };
}
