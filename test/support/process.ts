// Helpers shared by the test-service launchers: locate binaries, pick free loopback ports, wait for readiness,
// and stop child processes (also when the test process exits abruptly).

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Cache of built test binaries (see scripts/install-test-services.sh). */
export function toolCacheBin(): string {
  return path.join(process.env.TKMS_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'tkms'), 'bin');
}

/**
 * Locates a service binary: the path in env variable `envVar` when set (it must then be executable — an explicit
 * choice never falls back silently), else the first executable of `candidates`, else `name` on PATH.
 * Undefined when nothing is found.
 */
export function findExecutable(
  name: string,
  envVar: string,
  candidates: readonly string[] = [],
): string | undefined {
  const explicit = process.env[envVar];
  if (explicit !== undefined && explicit !== '') {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`${envVar}=${explicit} is not an executable file`);
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...candidates, ...dirs.map((d) => path.join(d, name))].find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** Polls `probe` until it resolves true, the child exits, or `timeoutMs` passes. */
export async function waitUntil(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  output: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${output()}`);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Spawns a service process, keeping the last 8 KiB of its output for error messages. */
export function spawnService(
  binary: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; output: () => string } {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Never leave a server behind, even when the test process dies without running afterAll.
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  return { child, output: () => log };
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves once no process with this pid exists (polled every 100 ms); throws after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`process ${pid} did not exit within ${timeoutMs} ms`);
}
