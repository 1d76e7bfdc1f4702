// Test fixtures shared by the CRS tests: node-tfhe (CommonJS + wasm, run in a worker thread by tfhe-runner.ts so that
// its long blocking calls do not stall the test runner) and node-tfhe-made CRSs cached under the OS temp directory,
// keyed by node-tfhe version and max_num_bits (generation takes about a minute).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InteropOutcome, TfheTask } from './tfhe-runner.ts';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: node-tfhe is loaded through require
export type Tfhe = any;

/** node-tfhe 1.7.0 (the `node-tfhe` dev dependency), for quick calls in the test thread. */
export function tfhe17(): Tfhe {
  return require('node-tfhe');
}

/** Size limit passed to node-tfhe safe_(de)serialize in tests. */
export const TFHE_LIMIT = 1n << 32n;

/** Runs one task in a fresh node-tfhe worker thread. */
export function runTfhe<T>(task: TfheTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./tfhe-runner.ts', import.meta.url));
    w.once('message', (m: { ok?: T; error?: string }) => {
      void w.terminate();
      if (m.error !== undefined) reject(new Error(`node-tfhe: ${m.error}`));
      else resolve(m.ok as T);
    });
    w.once('error', reject);
    w.postMessage(task);
  });
}

/** A CompactPkeCrs made by node-tfhe 1.7 `from_config(fhEVM-like config, maxNumBits)`, cached on disk. */
export async function nodeTfheCrs(maxNumBits: number): Promise<Uint8Array> {
  const version = require('node-tfhe/package.json').version as string;
  const dir = join(tmpdir(), 'tkms-crs-fixtures', `node-tfhe-${version}`);
  const file = join(dir, `crs_${maxNumBits}.bin`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = await runTfhe<Uint8Array>({ op: 'makeCrs', maxNumBits });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, bytes);
  renameSync(`${file}.${process.pid}.tmp`, file);
  return bytes;
}

/** The interop scenario (1.7 proves/verifies, 1.4 proves, 1.7 verifies) run by node-tfhe against `crs`. */
export function runInterop(
  crs: Uint8Array,
  compressedCrs: Uint8Array,
  otherCrs: Uint8Array,
): Promise<InteropOutcome> {
  return runTfhe<InteropOutcome>({ op: 'interop', crs, compressedCrs, otherCrs });
}
