// Golden objects produced by node-tfhe 1.7.0 (and 1.4.0-alpha.3) for the codec tests. Cheap objects are made on
// demand; expensive ones (default-config server keys, the CRS and proofs) are cached on disk under the OS temp
// directory, keyed by the node-tfhe version, and created on first use. Test-only module.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: node-tfhe is an untyped CommonJS wasm module here
export type Tfhe = any;
export const tfhe: Tfhe = require('node-tfhe');
export const tfhe14: Tfhe = require('node-tfhe-14');
export const TFHE_VERSION: string = require('node-tfhe/package.json').version;
export const TFHE14_VERSION: string = require('node-tfhe-14/package.json').version;

/** Size limit handed to node-tfhe's safe_(de)serialize. */
export const LIMIT = 1n << 34n;

const cacheDir = join(tmpdir(), `tkms-fhe-golden-node-tfhe-${TFHE_VERSION}`);

/** Returns the cached bytes for `name`, generating (and atomically storing) them on a miss. */
export function cached(name: string, generate: () => Uint8Array): Uint8Array {
  const file = join(cacheDir, `${name}.bin`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = generate();
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

function memo<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => {
    if (v === undefined) v = f();
    return v;
  };
}

export interface KeySet {
  cfg: Tfhe;
  ck: Tfhe;
  cpk: Tfhe;
  ckBytes: Uint8Array;
}

function keySet(T: Tfhe, cfg: Tfhe, ckBytes?: Uint8Array): KeySet {
  const ck = ckBytes ? T.TfheClientKey.safe_deserialize(ckBytes, LIMIT) : T.TfheClientKey.generate(cfg);
  return { cfg, ck, cpk: T.TfheCompactPublicKey.new(ck), ckBytes: ck.safe_serialize(LIMIT) };
}

/** node-tfhe 1.7 default configuration (§6.1). The client key is cached so cached server keys match it. */
export const defaultKeys = memo(() => {
  const cfg = tfhe.TfheConfigBuilder.default().build();
  const ckBytes = cached('default_client_key', () => tfhe.TfheClientKey.generate(cfg).safe_serialize(LIMIT));
  return keySet(tfhe, cfg, ckBytes);
});

/** Default configuration with the dedicated compact-PKE parameters (§6.2). */
export const pkeKeys = memo(() => {
  const pke = new tfhe.ShortintCompactPublicKeyEncryptionParameters(
    tfhe.ShortintCompactPublicKeyEncryptionParametersName.PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  );
  const cfg = tfhe.TfheConfigBuilder.default().use_dedicated_compact_public_key_parameters(pke).build();
  const ckBytes = cached('pke_client_key', () => tfhe.TfheClientKey.generate(cfg).safe_serialize(LIMIT));
  return keySet(tfhe, cfg, ckBytes);
});

/** Tiny insecure parameters (n = 16, N = 256) so fuzzing can afford whole keys; optionally with a dedicated
 * compact key of dimension 256. */
function tinyConfig(T: Tfhe, dedicated: boolean): Tfhe {
  const S = T.Shortint;
  const p = S.new_parameters(
    16,
    1,
    256,
    S.try_new_t_uniform(2),
    S.try_new_t_uniform(2),
    23,
    1,
    4,
    4,
    4n,
    4n,
    5n,
    -64,
    64,
    T.ShortintEncryptionKeyChoice.Big,
  );
  const b = T.TfheConfigBuilder.with_custom_parameters(p);
  if (!dedicated) return b.build();
  const pke = T.ShortintCompactPublicKeyEncryptionParameters.new_parameters(
    256,
    S.try_new_t_uniform(2),
    4n,
    4n,
    64,
    4,
    4,
    T.ShortintEncryptionKeyChoice.Small,
  );
  return b.use_dedicated_compact_public_key_parameters(pke).build();
}
export const tinyKeys = memo(() => keySet(tfhe, tinyConfig(tfhe, false)));
export const tinyPkeKeys = memo(() => keySet(tfhe, tinyConfig(tfhe, true)));
export const tiny14Keys = memo(() => keySet(tfhe14, tinyConfig(tfhe14, false)));

/** Builds a compact list of [u8 42, u32 123456789, bool true, u8 7] (the doc's example) under `cpk`. */
export function compactList(T: Tfhe, cpk: Tfhe, packed: boolean): Uint8Array {
  const b = T.CompactCiphertextList.builder(cpk);
  b.push_u8(42);
  b.push_u32(123456789);
  b.push_boolean(true);
  b.push_u8(7);
  return (packed ? b.build_packed() : b.build()).safe_serialize(LIMIT);
}

/** The values compactList() encrypts, and their radix block counts (2 bits per block). */
export const COMPACT_LIST_VALUES = [42n, 123456789n, 1n, 7n];

const generator = fileURLToPath(new URL('./golden.generate.mjs', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const have = (outputs: string[]) => outputs.every((o) => existsSync(join(cacheDir, `${o}.bin`)));

/** Runs golden.generate.mjs in a child process unless all `outputs` are cached, then reads them. Test files run
 * in parallel processes: a lock directory lets one of them generate while the others wait for the files. */
async function generated(what: string, outputs: string[]): Promise<Uint8Array[]> {
  mkdirSync(cacheDir, { recursive: true });
  const lock = join(cacheDir, `${what}.lock`);
  while (!have(outputs)) {
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // another process generates; a lock older than 20 minutes is stale
      try {
        if (Date.now() - statSync(lock).mtimeMs > 20 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
    }
    if (owner) {
      try {
        if (!have(outputs)) {
          await promisify(execFile)(process.execPath, [generator, cacheDir, what], { maxBuffer: 1 << 20 });
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      await sleep(500);
    }
  }
  return outputs.map((o) => new Uint8Array(readFileSync(join(cacheDir, `${o}.bin`))));
}

/** Timeout for tests that may generate cached fixtures on first use (CRS, proofs, 60 MB server key). */
export const FIXTURE_TIMEOUT_MS = 900_000;

/** Default-config CompressedServerKey (≈60 MB) for defaultKeys()' client key, cached on disk. */
export async function defaultServerKey(): Promise<Uint8Array> {
  defaultKeys();
  const [key] = await generated('server-key', ['default_compressed_server_key']);
  return key;
}

/** A proven list [u8 42, u32 123456789, bool true, u64 2^63+5] under pkeKeys()' compact key, with a 64-bit CRS
 * (PKEv2, ZkComputeLoad.Verify), cached on disk. */
export async function provenList(): Promise<{ crsBytes: Uint8Array; list: Uint8Array }> {
  pkeKeys();
  const [list, crsBytes] = await generated('proven-list', ['pke_proven_list', 'pke_crs_64']);
  return { crsBytes, list };
}

/** A node-tfhe 1.4.0-alpha.3 proven list [u8 201, u64 1234567890123] proved under the cached 1.7 CRS and a
 * pkeKeys() CPK that `toV0Layout` re-encoded for 1.4, cached on disk. */
export async function provenList14(toV0Layout: (cpk17: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  await provenList();
  const cpkFile = join(cacheDir, 'pke_cpk_v0.bin');
  if (!existsSync(join(cacheDir, 'v14_proven_list.bin')) && !existsSync(cpkFile)) {
    writeFileSync(cpkFile, toV0Layout(pkeKeys().cpk.safe_serialize(LIMIT)));
  }
  const [list] = await generated('proven-list-14', ['v14_proven_list']);
  return list;
}

/** A proven list [u16 4242, bool false] proved with ZkComputeLoad.Proof (proof carries the compute-load fields). */
export async function provenListProofLoad(): Promise<Uint8Array> {
  await provenList();
  const [list] = await generated('proven-list-proof-load', ['pke_proven_list_proof_load']);
  return list;
}
