// Files of a local cluster in one directory: a CA, per party a certificate, a core config and storage, and the
// cluster file clients read. Private keys are written with mode 0600.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { CoreConfig } from '../../core/config/schema.ts';
import { createCertificateAuthority, issuePartyCertificate } from '../../core/tls/certificates.ts';
import { type ClusterFile, writeClusterFile } from '../cluster-file.ts';

export interface LocalClusterOptions {
  parties: number;
  dir: string;
  host?: string;
  logLevel?: CoreConfig['log']['level'];
  peerTimeoutMs?: number;
  /** Public vaults in S3 instead of files (credentials reach the cores through their config). */
  s3?: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  /** Preprocessing store in Redis instead of memory. */
  redisUrl?: string;
}

export interface LocalClusterLayout {
  dir: string;
  configFiles: string[];
  clusterFile: string;
  cluster: ClusterFile;
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export function partyDir(dir: string, partyId: number): string {
  return join(dir, `p${partyId}`);
}

/** Writes certificates, configs and cluster.yaml for `parties` cores on free loopback ports. */
export async function writeLocalCluster(options: LocalClusterOptions): Promise<LocalClusterLayout> {
  const n = options.parties;
  if (!Number.isInteger(n) || n < 4 || (n - 1) % 3 !== 0)
    throw new RangeError(`parties must be 3t + 1 ≥ 4, got ${n}`);
  const t = (n - 1) / 3;
  const dir = resolve(options.dir);
  const host = options.host ?? '127.0.0.1';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority('kms local cluster ca');
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  writeSecret(join(dir, 'ca.key'), ca.keyPem);

  const ports = [];
  for (let i = 0; i < n; i++) {
    ports.push({ client: await freePort(host), peer: await freePort(host), metrics: await freePort(host) });
  }
  const peers = ports.map((p, i) => ({
    partyId: i + 1,
    address: `${host}:${p.peer}`,
    identity: `p${i + 1}`,
  }));
  const configFiles: string[] = [];
  const cluster: ClusterFile = { threshold: t, parties: [] };
  for (let i = 1; i <= n; i++) {
    const pdir = partyDir(dir, i);
    mkdirSync(join(pdir, 'storage'), { recursive: true, mode: 0o700 });
    const cert = await issuePartyCertificate(ca, `p${i}`, ['localhost', host]);
    writeFileSync(join(pdir, 'cert.pem'), cert.certPem);
    writeSecret(join(pdir, 'key.pem'), cert.keyPem);
    const config: CoreConfig = {
      party: { id: i, identity: `p${i}` },
      threshold: t,
      listen: {
        client: `${host}:${ports[i - 1].client}`,
        peer: `${host}:${ports[i - 1].peer}`,
        metrics: `${host}:${ports[i - 1].metrics}`,
      },
      peers,
      tls: { caFile: join(dir, 'ca.pem'), certFile: join(pdir, 'cert.pem'), keyFile: join(pdir, 'key.pem') },
      storage: {
        public: options.s3
          ? { type: 's3', forcePathStyle: true, ...options.s3 }
          : { type: 'file', path: join(pdir, 'storage') },
        private: { type: 'file', path: join(pdir, 'storage') },
      },
      preprocessing: options.redisUrl ? { type: 'redis', url: options.redisUrl } : { type: 'memory' },
      limits: {
        maxClientMessageBytes: 256 << 20,
        maxPeerMessageBytes: 128 << 20,
        rateLimitTokens: 50_000,
        decryptionStoreCapacity: 10_000,
        peerTimeoutMs: options.peerTimeoutMs ?? 60_000,
        keygenTimeoutMs: 600_000,
      },
      log: { level: options.logLevel ?? 'info' },
    };
    const file = join(pdir, 'core.yaml');
    writeFileSync(file, stringify(config));
    configFiles.push(file);
    cluster.parties.push({
      partyId: i,
      clientEndpoint: config.listen.client,
      metricsEndpoint: config.listen.metrics,
      publicStorage: options.s3
        ? { type: 's3', endpoint: options.s3.endpoint, region: options.s3.region, bucket: options.s3.bucket }
        : { type: 'file', path: join(pdir, 'storage') },
    });
  }
  const clusterFile = join(dir, 'cluster.yaml');
  writeClusterFile(clusterFile, cluster);
  return { dir, configFiles, clusterFile, cluster };
}

function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}
