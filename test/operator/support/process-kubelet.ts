// A "process kubelet" (test stand-in, mock): runs the operator pods of a namespace as local processes instead
// of containers. It resolves the container's env (literals and the downward API fields the chart uses), gives the
// process a kubeconfig for the pod's ServiceAccount user (what the token mount does in a cluster), moves the
// metrics port to a free loopback port, probes the container's readiness endpoint and reports the pod Ready.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { REPO } from './harness.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export interface ProcessKubelet {
  stop(): Promise<void>;
  processes: Map<string, ChildProcess>;
}

export async function runOperatorPods(
  kc: KubeConfig,
  namespace: string,
  labelSelector: string,
  kubeconfigForServiceAccount: (serviceAccount: string) => string,
  logDir: string,
): Promise<ProcessKubelet> {
  const core = kc.makeApiClient(CoreV1Api);
  const processes = new Map<string, ChildProcess>();
  let stopped = false;

  const startPod = async (pod: V1Pod) => {
    const name = pod.metadata?.name as string;
    if (processes.has(name) || pod.metadata?.deletionTimestamp) return;
    const container = pod.spec?.containers[0];
    if (!container) return;
    const port = await freePort();
    const args = (container.args ?? [])
      .filter((a) => a !== 'bin/kms.mjs')
      .map((a) => (a.startsWith('--metrics-port=') ? `--metrics-port=${port}` : a));
    args.push('--metrics-bind-address=127.0.0.1');
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const e of container.env ?? []) {
      const field = e.valueFrom?.fieldRef?.fieldPath;
      if (e.value !== undefined) env[e.name] = e.value;
      else if (field === 'metadata.name') env[e.name] = name;
      else if (field === 'metadata.namespace') env[e.name] = namespace;
    }
    env.KUBECONFIG = kubeconfigForServiceAccount(pod.spec?.serviceAccountName ?? 'default');
    const child = spawn(
      join(REPO, 'node_modules', '.bin', 'node'),
      ['--import', 'tsx', join(REPO, 'test/operator/support/kms-entry.ts'), ...args],
      { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const log = createWriteStream(join(logDir, `${name}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    processes.set(name, child);
    const probe = container.readinessProbe?.httpGet?.path ?? '/readyz';
    const deadline = Date.now() + 120_000;
    while (!stopped && Date.now() < deadline && child.exitCode === null) {
      const ok = await fetch(`http://127.0.0.1:${port}${probe}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    if (stopped || child.exitCode !== null) return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await core.patchNamespacedPodStatus(
      {
        name,
        namespace,
        body: {
          status: {
            phase: 'Running',
            podIP: '127.0.0.1',
            startTime: now,
            conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
              type,
              status: 'True',
              lastTransitionTime: now,
            })),
            containerStatuses: [
              {
                name: container.name,
                image: container.image as string,
                imageID: '',
                ready: true,
                restartCount: 0,
                started: true,
                state: { running: { startedAt: now } },
              },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  };

  const timer = setInterval(() => {
    core.listNamespacedPod({ namespace, labelSelector }).then(
      (list) => {
        for (const pod of list.items) void startPod(pod).catch(() => {});
      },
      () => {},
    );
  }, 500);

  return {
    processes,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(
        [...processes.values()].map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(kill);
        }),
      );
    },
  };
}
