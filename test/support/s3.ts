// Starts a real S3-compatible server for integration tests: Versity S3 Gateway (Apache-2.0, posix backend, real
// SigV4 and conditional writes), built by scripts/install-test-services.sh. When it is absent and the caller
// allows it, falls back to s3rver (in-process, npm dev dependency), which ignores `If-None-Match` and does not check
// signatures; the handle's `kind` says which one runs so test names can state it.

import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { findExecutable, freePort, spawnService, stopChild, toolCacheBin, waitUntil } from './process.ts';

/** Which server implementation a handle runs. */
export type S3ServerKind = 'versitygw' | 's3rver';

/** A running S3 server on loopback. */
export interface S3ServerHandle {
  readonly kind: S3ServerKind;
  /** `http://127.0.0.1:<port>` (use with path-style addressing). */
  readonly endpoint: string;
  /** Same as `endpoint`. */
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** True when the server enforces `If-None-Match: *` and SigV4 (false for s3rver). */
  readonly enforcesConditionalWrites: boolean;
  /** Stops the server and removes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startS3Server`. */
export interface S3ServerOptions {
  /** Use s3rver when versitygw is not installed; default false (a missing versitygw is an error). */
  readonly allowS3rverFallback?: boolean;
}

/** Path of the versitygw binary: $VERSITYGW_BIN, the tool cache, or PATH; undefined when none.
 * @example describe(`S3 vault on ${versitygwPath() ? 'versitygw' : 's3rver'}`, …)
 */
export function versitygwPath(): string | undefined {
  return findExecutable('versitygw', 'VERSITYGW_BIN', [path.join(toolCacheBin(), 'versitygw')]);
}

/** The server `startS3Server(options)` would start, for naming tests before starting it. */
export function s3ServerKind(options: S3ServerOptions = {}): S3ServerKind {
  if (versitygwPath() !== undefined) return 'versitygw';
  if (options.allowS3rverFallback) return 's3rver';
  throw missingVersitygw();
}

/**
 * Starts an S3 server on 127.0.0.1 and a free port with fresh random credentials and an empty data directory.
 * @example const s3 = await startS3Server(); try { … createS3Client(s3) … } finally { await s3.stop() }
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3ServerHandle> {
  const binary = versitygwPath();
  if (binary !== undefined) return startVersitygw(binary);
  if (options.allowS3rverFallback) return startS3rver();
  throw missingVersitygw();
}

async function startVersitygw(binary: string): Promise<S3ServerHandle> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tkms-s3-'));
  const dataDir = path.join(dir, 'data');
  await fs.mkdir(dataDir);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = {
    accessKeyId: `test${Math.random().toString(36).slice(2, 10)}`,
    secretAccessKey: `secret${Math.random().toString(36).slice(2, 18)}`,
  };
  // Credentials through the environment so they do not show up in the process list.
  const env = {
    ...process.env,
    ROOT_ACCESS_KEY_ID: credentials.accessKeyId,
    ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  const service = spawnService(binary, ['--port', `127.0.0.1:${port}`, '--quiet', 'posix', dataDir], env);
  try {
    await waitUntil('versitygw', service.child, () => httpAnswers(endpoint), service.output);
  } catch (err) {
    await stopChild(service.child);
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    kind: 'versitygw',
    endpoint,
    url: endpoint,
    region: 'us-east-1',
    credentials,
    enforcesConditionalWrites: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(service.child);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function startS3rver(): Promise<S3ServerHandle> {
  const moduleName = 's3rver'; // untyped package: imported by name so the compiler does not resolve it
  const { default: S3rver } = (await import(moduleName)) as {
    default: new (options: Record<string, unknown>) => { run(): Promise<unknown>; close(): Promise<void> };
  };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tkms-s3rver-'));
  const port = await freePort();
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    kind: 's3rver',
    endpoint,
    url: endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    enforcesConditionalWrites: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function httpAnswers(endpoint: string): Promise<boolean> {
  const response = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return true; // any HTTP answer (403 without credentials) means the gateway is serving
}

function missingVersitygw(): Error {
  return new Error(
    'versitygw not found (set VERSITYGW_BIN or run scripts/install-test-services.sh; ' +
      'pass allowS3rverFallback to use the low-fidelity s3rver instead)',
  );
}
