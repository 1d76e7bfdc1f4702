// Shared helpers of the node-tfhe interop tests: the two node-tfhe versions, and a cache of expensive node-tfhe
// objects under os.tmpdir(), keyed by node-tfhe version (so a new version never reads stale fixtures).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** node-tfhe 1.7.0 (wasm, single-threaded). */
export const tfhe = require('node-tfhe') as typeof import('node-tfhe');
/** node-tfhe 1.4.0-alpha.3, the version legacy relayer clients run. */
export const tfhe14 = require('node-tfhe-14') as typeof import('node-tfhe-14');

export const TFHE_VERSION: string = require('node-tfhe/package.json').version;
export const TFHE14_VERSION: string = require('node-tfhe-14/package.json').version;

/** Size limit passed to node-tfhe's safe_(de)serialize. */
export const LIMIT = 1n << 34n;

/** Cache folder of this module's fixtures (distinct from other suites' caches). */
export const FIXTURE_DIR = join(tmpdir(), 'tkms-fhe-math-interop', `node-tfhe-${TFHE_VERSION}`);

/**
 * The bytes cached under `name`, produced (and written atomically) on first use.
 * @example const crs = cachedBytes('crs-pke-64.bin', () => tfhe.CompactPkeCrs.from_config(cfg, 64).safe_serialize(LIMIT));
 */
export function cachedBytes(name: string, produce: () => Uint8Array): Uint8Array {
  const file = join(FIXTURE_DIR, name);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = produce();
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

/** Short content digest, to key fixtures derived from other bytes. */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** The node-tfhe configuration with the dedicated (fhEVM) compact-PKE parameters, ZK-capable. */
export function dedicatedPkeConfig(T: typeof tfhe = tfhe) {
  const pke = new T.ShortintCompactPublicKeyEncryptionParameters(
    T.ShortintCompactPublicKeyEncryptionParametersName.PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  );
  return T.TfheConfigBuilder.default().use_dedicated_compact_public_key_parameters(pke).build();
}

/** Byte equality of two buffers. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.length),
      Buffer.from(b.buffer, b.byteOffset, b.length),
    ) === 0
  );
}
