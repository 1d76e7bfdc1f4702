// KeyGen against four real core processes (`kms local up`: gRPC + mTLS on loopback, file storage). The
// KmsCluster is pointed at them through the endpoint-override annotation (its pods are never run: no kubelet
// here), and the operator runs as its own process so it can be SIGKILLed mid-operation.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsClusterClient } from '../../src/client/kms-client.ts';
import { localDown, localUp } from '../../src/client/local/processes.ts';
import { ANNOTATIONS, GROUP, VERSION } from '../../src/operator/api/constants.ts';
import type { KeyGen } from '../../src/operator/api/types.ts';
import {
  type ControlPlane,
  controlPlane,
  createNamespace,
  installCrds,
  kubeConfigFrom,
  REPO,
  waitFor,
} from './support/harness.ts';

const NS = 'kms-keygen';
const NODE = join(REPO, 'node_modules', '.bin', 'node');

function startOperatorProcess(kubeconfig: string): Promise<ChildProcess> {
  const child = spawn(
    NODE,
    ['--import', 'tsx', join(REPO, 'test/operator/support/run-operator.ts'), kubeconfig, NS],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('operator process did not start within 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`operator process exited with ${code}`)));
  });
}

async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

describe('KeyGen controller driving real core processes (KmsCluster endpoints overridden to a local cluster; no pods)', () => {
  let cp: ControlPlane;
  let kc: KubeConfig;
  let custom: CustomObjectsApi;
  let operator: ChildProcess | undefined;
  let dir: string;
  let client: KmsClusterClient;

  const keygen = (name: string) =>
    custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'keygens',
      name,
    }) as Promise<KeyGen>;
  const createKeygen = (name: string) =>
    custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'keygens',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'KeyGen',
        metadata: { name, namespace: NS },
        spec: { clusterRef: { name: 'local' }, parameters: 'tfhe_default', insecure: true },
      },
    });
  const keyIdsPerParty = async () => (await client.status()).map((p) => [...p.keyIds].sort());

  beforeAll(async () => {
    cp = await controlPlane(false, (path) => installCrds(kubeConfigFrom(path), path));
    kc = kubeConfigFrom(cp.kubeconfigPath);
    custom = kc.makeApiClient(CustomObjectsApi);
    await createNamespace(kc, NS);
    dir = mkdtempSync(join(tmpdir(), 'kms-op-local-'));
    const { clusterFile } = await localUp({ parties: 4, dir, logLevel: 'warn' });
    client = KmsClusterClient.fromFile(clusterFile);
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'kmsclusters',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'KmsCluster',
        metadata: {
          name: 'local',
          namespace: NS,
          annotations: { [ANNOTATIONS.endpointOverride]: clusterFile },
        },
        spec: {
          parties: 4,
          threshold: 1,
          image: 'registry.example/kms:test',
          storage: { volume: { size: '1Gi' } },
          redis: { managed: {} },
        },
      },
    });
    operator = await startOperatorProcess(cp.kubeconfigPath);
  }, 240_000);

  afterAll(async () => {
    client?.close();
    await kill(operator, 'SIGTERM');
    if (dir) {
      await localDown(dir);
      rmSync(dir, { recursive: true, force: true });
    }
    await cp?.stop();
  });

  it('runs insecure preprocessing then insecure keygen to Succeeded, recording key id, agreed signed digests and progress', async () => {
    expect(await keyIdsPerParty()).toEqual([[], [], [], []]);
    await createKeygen('first');
    const done = await waitFor(
      'KeyGen first terminal',
      async () => {
        const kg = await keygen('first');
        return kg.status?.phase === 'Succeeded' || kg.status?.phase === 'Failed' ? kg : undefined;
      },
      240_000,
      1_000,
    );
    expect(done.status?.message).toMatch(/generated/);
    expect(done.status?.phase).toBe('Succeeded');
    const steps = done.status?.steps ?? [];
    expect(steps.map((s) => s.name)).toEqual(['preprocessing', 'keygen']);
    expect(steps.every((s) => s.completed && s.partiesDone === 4)).toBe(true);
    const result = done.status?.result;
    expect(result?.keyId).toBe(steps[1].requestId);
    expect(result?.preprocessingId).toBe(steps[0].requestId);
    expect(result?.digests?.map((d) => d.keyType)).toEqual(['ServerKey', 'PublicKey']);
    for (const d of result?.digests ?? []) expect(d.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result?.agreeingParties).toEqual([1, 2, 3, 4]);
    expect(result?.storageLocations).toHaveLength(8);
    expect(done.status?.progressPercent).toBe(100);
    expect(done.status?.observedGeneration).toBe(done.metadata.generation);
    expect(done.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Succeeded',
    });
    expect(done.status?.conditions?.find((c) => c.type === 'Reconciling')?.status).toBe('False');
    // Every core holds exactly this one key.
    expect(await keyIdsPerParty()).toEqual(Array(4).fill([result?.keyId]));
  }, 300_000);

  it('after SIGKILL of the operator mid-KeyGen, a new operator process resumes with the recorded request ids: no second keygen, and it still succeeds', async () => {
    const before = await keyIdsPerParty();
    await createKeygen('second');
    const running = await waitFor(
      'KeyGen second Running',
      async () => {
        const kg = await keygen('second');
        return kg.status?.phase === 'Running' ? kg : undefined;
      },
      120_000,
      200,
    );
    const recordedIds = running.status?.steps?.map((s) => s.requestId);
    expect(recordedIds).toHaveLength(2);
    await kill(operator, 'SIGKILL');
    operator = await startOperatorProcess(cp.kubeconfigPath);
    const done = await waitFor(
      'KeyGen second terminal',
      async () => {
        const kg = await keygen('second');
        return kg.status?.phase === 'Succeeded' || kg.status?.phase === 'Failed' ? kg : undefined;
      },
      240_000,
      1_000,
    );
    expect(done.status?.message).toMatch(/generated/);
    expect(done.status?.steps?.map((s) => s.requestId)).toEqual(recordedIds);
    const keyId = done.status?.result?.keyId as string;
    expect(keyId).toBe(recordedIds?.[1]);
    // Exactly one new key per party: the restart did not start another keygen.
    const after = await keyIdsPerParty();
    for (let p = 0; p < 4; p++) expect(after[p]).toEqual([...before[p], keyId].sort());
    // The finished record stays frozen.
    const first = await keygen('first');
    expect(first.status?.phase).toBe('Succeeded');
  }, 360_000);

  it('runs one operation per cluster at a time: of two KeyGens created together, one waits Pending until the other finishes', async () => {
    const before = await keyIdsPerParty();
    await Promise.all([createKeygen('third'), createKeygen('fourth')]);
    const active = (p?: string) => p === 'Starting' || p === 'Running';
    let sawWaiting = false;
    const final = await waitFor(
      'both KeyGens terminal',
      async () => {
        const [a, b] = await Promise.all([keygen('third'), keygen('fourth')]);
        expect(active(a.status?.phase) && active(b.status?.phase), 'two operations ran at once').toBe(false);
        for (const kg of [a, b]) {
          const ready = kg.status?.conditions?.find((c) => c.type === 'Ready');
          if (kg.status?.phase === 'Pending' && ready?.reason === 'WaitingForOtherOperation')
            sawWaiting = true;
        }
        const done = (p?: string) => p === 'Succeeded' || p === 'Failed';
        return done(a.status?.phase) && done(b.status?.phase) ? [a, b] : undefined;
      },
      300_000,
      250,
    );
    expect(sawWaiting).toBe(true);
    expect(final.map((kg) => kg.status?.phase)).toEqual(['Succeeded', 'Succeeded']);
    const keyIds = final.map((kg) => kg.status?.result?.keyId as string);
    const after = await keyIdsPerParty();
    for (let p = 0; p < 4; p++) expect(after[p]).toEqual([...before[p], ...keyIds].sort());
  }, 420_000);

  it("drives a CrsCeremony the same way: request id recorded, CrsGen started on every party and polled (completion not awaited: the cores' CRS ceremony takes minutes here), or the cores' error in status when they do not serve it", async () => {
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'crsceremonies',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'CrsCeremony',
        metadata: { name: 'crs', namespace: NS },
        spec: { clusterRef: { name: 'local' }, maxNumBits: 64, parameters: 'test' },
      },
    });
    const read = async () =>
      (await custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural: 'crsceremonies',
        name: 'crs',
      })) as KeyGen;
    const seen = await waitFor(
      'CrsCeremony started on every party, or terminal',
      async () => {
        const c = await read();
        const phase = c.status?.phase;
        return phase === 'Failed' || phase === 'Succeeded' || c.status?.steps?.[0]?.started ? c : undefined;
      },
      60_000,
      250,
    );
    const crsId = seen.status?.steps?.[0].requestId;
    expect(crsId).toMatch(/^[0-9a-f]{64}$/);
    if (seen.status?.phase === 'Failed') {
      expect(seen.status.message).toMatch(/CrsGen refused: .*UNIMPLEMENTED/);
      expect(seen.status.conditions?.find((c) => c.type === 'Stalled')).toMatchObject({
        status: 'True',
        reason: 'CoreRefused',
      });
      return;
    }
    // Served: the operator polls and reports progress; the id never changes while it runs.
    const polled = await waitFor(
      'a poll round reported',
      async () => {
        const c = await read();
        return c.status?.message?.startsWith('crs:') || c.status?.phase === 'Succeeded' ? c : undefined;
      },
      30_000,
    );
    expect(polled.status?.steps?.[0].requestId).toBe(crsId);
    expect(polled.status?.conditions?.find((c) => c.type === 'Reconciling')?.status).toBe(
      polled.status?.phase === 'Succeeded' ? 'False' : 'True',
    );
    if (polled.status?.phase === 'Succeeded') {
      expect(polled.status.result?.crsId).toBe(crsId);
      expect(polled.status.result?.agreeingParties).toEqual([1, 2, 3, 4]);
    }
  }, 120_000);
});
