// Starts and stops the cores of a local cluster as separate processes (`kms core --config …`), with logs and pid
// files in each party's directory; waits until every core answers its health check.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClusterFile, readClusterFile, writeClusterFile } from '../cluster-file.ts';
import { CoreConnection } from '../core-connection.ts';
import { KmsClusterClient } from '../kms-client.ts';
import { type LocalClusterOptions, partyDir, writeLocalCluster } from './layout.ts';

const KMS_BIN = fileURLToPath(new URL('../../../bin/kms.mjs', import.meta.url));

export interface LocalUpOptions {
  parties: number;
  dir: string;
  timeoutMs?: number;
  logLevel?: 'info' | 'warn' | 'debug';
  onProgress?: (message: string) => void;
  s3?: LocalClusterOptions['s3'];
  redisUrl?: string;
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Writes a fresh cluster in `dir`, starts its cores and returns once all are healthy (cluster.yaml updated). */
export async function localUp(
  options: LocalUpOptions,
): Promise<{ clusterFile: string; cluster: ClusterFile }> {
  if (existsSync(join(options.dir, 'cluster.yaml')) && runningPids(options.dir).length > 0) {
    throw new Error(`a local cluster is already running in ${options.dir}; run \`kms local down\` first`);
  }
  const layout = await writeLocalCluster({
    parties: options.parties,
    dir: options.dir,
    logLevel: options.logLevel ?? 'info',
    ...(options.s3 ? { s3: options.s3 } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
  });
  // Extra Node flags for every core process, e.g. KMS_LOCAL_NODE_ARGS="--cpu-prof --cpu-prof-dir /tmp/prof".
  const nodeArgs = (process.env.KMS_LOCAL_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  for (let i = 1; i <= options.parties; i++) {
    const pdir = partyDir(layout.dir, i);
    const log = openSync(join(pdir, 'core.log'), 'a');
    const child = spawn(
      process.execPath,
      [...nodeArgs, KMS_BIN, 'core', '--config', layout.configFiles[i - 1]],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: process.env,
      },
    );
    writeFileSync(join(pdir, 'core.pid'), String(child.pid));
    child.unref();
  }
  options.onProgress?.(`started ${options.parties} cores; waiting until they are healthy`);
  await waitHealthy(layout.cluster, options.timeoutMs ?? 120_000, layout.dir);
  // Record each party's signing address in the cluster file, read from what it published.
  const reader = new KmsClusterClient(
    layout.cluster,
    options.s3Credentials ? { s3Credentials: options.s3Credentials } : {},
  );
  let cluster: ClusterFile;
  try {
    const addresses = await Promise.all(layout.cluster.parties.map((p) => reader.partyAddress(p.partyId)));
    cluster = {
      ...layout.cluster,
      parties: layout.cluster.parties.map((p, i) => ({ ...p, address: addresses[i] })),
    };
  } finally {
    reader.close();
  }
  writeClusterFile(layout.clusterFile, cluster);
  return { clusterFile: layout.clusterFile, cluster };
}

async function waitHealthy(cluster: ClusterFile, timeoutMs: number, dir: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connections = cluster.parties.map((p) => new CoreConnection(p.partyId, p.clientEndpoint));
  try {
    const pending = new Set(connections);
    while (pending.size > 0) {
      if (Date.now() > deadline) {
        const ids = [...pending].map((c) => c.partyId);
        throw new Error(`cores ${ids.join(', ')} did not become healthy; see ${dir}/p<i>/core.log`);
      }
      for (const c of [...pending]) {
        try {
          await c.call('GetKeyMaterialAvailability', {}, 2_000);
          pending.delete(c);
        } catch {
          // not up yet
        }
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    for (const c of connections) c.close();
  }
}

function runningPids(dir: string): number[] {
  const pids: number[] = [];
  for (let i = 1; i < 256; i++) {
    const file = join(partyDir(dir, i), 'core.pid');
    if (!existsSync(file)) {
      if (!existsSync(partyDir(dir, i))) break;
      continue;
    }
    const pid = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops every core of the cluster in `dir` (SIGTERM, then SIGKILL after `graceMs`); returns how many ran. */
export async function localDown(dir: string, graceMs = 10_000): Promise<number> {
  const pids = runningPids(dir);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  for (let i = 1; existsSync(partyDir(dir, i)); i++)
    rmSync(join(partyDir(dir, i), 'core.pid'), { force: true });
  return pids.length;
}

export { readClusterFile };
