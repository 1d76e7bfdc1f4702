#!/usr/bin/env node
// The `kms` command: runs the TypeScript sources through tsx's loader (one program, one image). The program needs
// Node >= 22; on an older Node it re-runs itself with the Node 22 that the `node` dev dependency provides.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
const localNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
if (major < 22 && existsSync(localNode)) {
  const child = spawn(localNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
