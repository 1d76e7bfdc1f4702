// Test fixtures shared by the CRS tests: node-tfhe loaded through require (it is CommonJS + wasm), and node-tfhe-made
// CRSs cached under the OS temp directory, keyed by node-tfhe version and max_num_bits (generation takes ≈ 1 min).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: node-tfhe ships no usable ESM types for createRequire
export type Tfhe = any;

/** node-tfhe 1.7.0 (the `node-tfhe` dev dependency). */
export function tfhe17(): Tfhe {
  return require('node-tfhe');
}

/** node-tfhe 1.4.0-alpha.3 (installed as `node-tfhe-14`). */
export function tfhe14(): Tfhe {
  return require('node-tfhe-14');
}

/** Size limit passed to node-tfhe safe_(de)serialize in tests. */
export const TFHE_LIMIT = 1n << 32n;

/** The fhEVM-like config: default parameters plus the dedicated compact-PKE parameters with ZK v2. */
export function pkeConfig(T: Tfhe): unknown {
  const pke = new T.ShortintCompactPublicKeyEncryptionParameters(
    T.ShortintCompactPublicKeyEncryptionParametersName.PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  );
  return T.TfheConfigBuilder.default().use_dedicated_compact_public_key_parameters(pke).build();
}

function cached(name: string, make: () => Uint8Array): Uint8Array {
  const version = require('node-tfhe/package.json').version as string;
  const dir = join(tmpdir(), 'tkms-crs-fixtures', `node-tfhe-${version}`);
  const file = join(dir, name);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = make();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  return bytes;
}

/** A CompactPkeCrs made by node-tfhe 1.7 `from_config(pkeConfig, maxNumBits)`, cached on disk. */
export function nodeTfheCrs(maxNumBits: number): Uint8Array {
  return cached(`crs_${maxNumBits}.bin`, () => {
    const T = tfhe17();
    return T.CompactPkeCrs.from_config(pkeConfig(T), maxNumBits).safe_serialize(TFHE_LIMIT);
  });
}
