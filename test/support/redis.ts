// Starts a real redis-server (Debian package, see scripts/install-test-services.sh) on a free loopback port with
// its own temp directory. Fails loudly when the binary is missing: integration tests are never skipped silently.

import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findExecutable, freePort, spawnService, stopChild, waitUntil } from './process.ts';

/** A running redis-server. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops the server (SIGTERM; with `persistent`, it writes its append-only file first) and starts it again on
   * the same port and directory. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Keep data across `restart()` with an append-only file (fsync always). Default false: no persistence. */
  readonly persistent?: boolean;
}

/**
 * Starts redis-server on 127.0.0.1 and a free port.
 * @example const redis = await startRedisServer(); try { … new Redis(redis.url) … } finally { await redis.stop() }
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const binary = findExecutable('redis-server', 'REDIS_SERVER_BIN');
  if (binary === undefined) {
    throw new Error('redis-server not found (set REDIS_SERVER_BIN or run scripts/install-test-services.sh)');
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tkms-redis-'));
  const port = await freePort();
  const args = [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    dir,
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];

  let current = await launch(binary, args, port);
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    async restart() {
      await stopChild(current.child);
      current = await launch(binary, args, port);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(current.child);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(binary: string, args: readonly string[], port: number) {
  const service = spawnService(binary, args);
  try {
    await waitUntil('redis-server', service.child, () => ping(port), service.output);
  } catch (err) {
    await stopChild(service.child);
    throw err;
  }
  return service;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
