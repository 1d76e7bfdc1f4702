// A real Kubernetes control plane as local processes for tests (envtest's recipe, in TypeScript): etcd,
// kube-apiserver with a static token file (an admin and the operator's ServiceAccount user), and optionally
// kube-controller-manager for garbage collection (cascading deletion) and the StatefulSet controller. No
// kubelet and no scheduler: tests mark pods Ready themselves. Everything binds to 127.0.0.1.
//
// As a script: `node --import tsx scripts/control-plane.ts` starts one, prints a kubeconfig path and runs until
// interrupted.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const K8S_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager'] as const;

/** Directory of the binaries: $KMS_K8S_BIN_DIR, else the default cache of scripts/k8s-bins.sh. */
export function controlPlaneBinDir(): string {
  return (
    process.env.KMS_K8S_BIN_DIR ||
    join(
      process.env.KMS_BIN_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kms-e2e'),
      'k8s-1.35.4-etcd-3.6.15-kwok-0.8.0',
    )
  );
}

/** Names of required binaries missing from `dir` (empty when all are there). */
export function missingBinaries(
  dir = controlPlaneBinDir(),
  names: readonly string[] = K8S_BINARIES,
): string[] {
  return names.filter((name) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

export function missingBinariesMessage(dir: string, missing: string[]): string {
  return `control-plane binaries missing in ${dir}: ${missing.join(', ')}. Run scripts/ensure-control-plane.sh (it builds them from the Go module proxy, ≈30 min cold) and set KMS_K8S_BIN_DIR to the directory it prints.`;
}

export interface ControlPlane {
  dir: string;
  server: string;
  adminToken: string;
  /** Token of user system:serviceaccount:kms-system:kms-operator (group system:serviceaccounts). */
  operatorToken: string;
  /** kubeconfig file for the admin user. */
  kubeconfigPath: string;
  kubeconfigFor(token: string): string;
  /** Stops kube-apiserver, waits `downMs`, starts it again on the same port (etcd keeps the state). */
  restartApiServer(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  binDir?: string;
  controllerManager?: boolean;
  /** Keep the data directory after stop (for logs). */
  keepDir?: boolean;
  /**
   * Runs once the API server is up, before the controller manager starts (e.g. install CRDs, so the garbage
   * collector sees them at its first discovery instead of at its 30 s resync).
   */
  beforeControllerManager?: (kubeconfigPath: string) => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function start(binary: string, args: string[], logFile: string): ChildProcess {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function stopProcess(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function httpsStatus(url: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false, timeout: 5_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  log: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}; see ${log}`);
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms; see ${log}`);
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const bin = options.binDir ?? controlPlaneBinDir();
  const needed = options.controllerManager ? K8S_BINARIES : K8S_BINARIES.slice(0, 2);
  const missing = missingBinaries(bin, needed);
  if (missing.length) throw new Error(missingBinariesMessage(bin, missing));
  const dir = mkdtempSync(join(tmpdir(), 'kms-cp-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of [...children].reverse()) await stopProcess(child);
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, peerPort, apiPort, kcmPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdLog = join(dir, 'etcd.log');
    const etcd = start(
      join(bin, 'etcd'),
      [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      etcdLog,
    );
    children.push(etcd);
    await waitFor(
      'etcd',
      etcd,
      async () => {
        try {
          return (await fetch(`${etcdUrl}/health`)).ok;
        } catch {
          return false;
        }
      },
      30_000,
      etcdLog,
    );

    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saPub = join(dir, 'sa.pub');
    const saKey = join(dir, 'sa.key');
    writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const adminToken = randomBytes(16).toString('hex');
    const operatorToken = randomBytes(16).toString('hex');
    const tokens = join(dir, 'tokens.csv');
    writeFileSync(
      tokens,
      `${adminToken},admin,admin,"system:masters"\n${operatorToken},system:serviceaccount:kms-system:kms-operator,kms-operator,"system:serviceaccounts,system:serviceaccounts:kms-system"\n`,
      { mode: 0o600 },
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const apiLog = join(dir, 'kube-apiserver.log');
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${join(dir, 'certs')}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      '--disable-admission-plugins=ServiceAccount',
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      `--token-auth-file=${tokens}`,
    ];
    const startApiServer = async () => {
      const apiserver = start(join(bin, 'kube-apiserver'), apiArgs, apiLog);
      children.splice(1, 0, apiserver);
      await waitFor(
        'kube-apiserver',
        apiserver,
        async () => (await httpsStatus(`${server}/readyz`, adminToken)) === 200,
        90_000,
        apiLog,
      );
      return apiserver;
    };
    let apiserver = await startApiServer();
    const restartApiServer = async (downMs = 0) => {
      await stopProcess(apiserver);
      children.splice(children.indexOf(apiserver), 1);
      await new Promise((r) => setTimeout(r, downMs));
      apiserver = await startApiServer();
    };

    const kubeconfigFor = (token: string) => {
      const path = join(dir, `kubeconfig-${token.slice(0, 6)}.yaml`);
      writeFileSync(
        path,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'test', cluster: { server, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'user', user: { token } }],
          contexts: [{ name: 'test', context: { cluster: 'test', user: 'user', namespace: 'default' } }],
          'current-context': 'test',
        }),
        { mode: 0o600 },
      );
      return path;
    };
    const kubeconfigPath = kubeconfigFor(adminToken);

    await options.beforeControllerManager?.(kubeconfigPath);
    if (options.controllerManager) {
      const kcmLog = join(dir, 'kube-controller-manager.log');
      mkdirSync(join(dir, 'kcm'), { recursive: true });
      const kcm = start(
        join(bin, 'kube-controller-manager'),
        [
          `--kubeconfig=${kubeconfigPath}`,
          `--authentication-kubeconfig=${kubeconfigPath}`,
          `--authorization-kubeconfig=${kubeconfigPath}`,
          '--leader-elect=false',
          `--secure-port=${kcmPort}`,
          '--bind-address=127.0.0.1',
          `--cert-dir=${join(dir, 'kcm')}`,
          '--controllers=garbagecollector,statefulset,deployment,replicaset,namespace',
          '--concurrent-gc-syncs=5',
        ],
        kcmLog,
      );
      children.push(kcm);
      await waitFor(
        'kube-controller-manager',
        kcm,
        async () => (await httpsStatus(`https://127.0.0.1:${kcmPort}/healthz`, adminToken)) === 200,
        60_000,
        kcmLog,
      );
    }
    return { dir, server, adminToken, operatorToken, kubeconfigPath, kubeconfigFor, restartApiServer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cp = await startControlPlane({ controllerManager: true, keepDir: true });
  console.log(`KUBECONFIG=${cp.kubeconfigPath}  (logs in ${cp.dir}; Ctrl-C stops)`);
  const end = () => void cp.stop().then(() => process.exit(0));
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}
