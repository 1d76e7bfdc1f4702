// Generates the expensive golden fixtures with node-tfhe 1.7 in a child process (so the test worker stays
// responsive): `node golden.generate.mjs <cacheDir> server-key|proven-list`. Inputs and outputs live in cacheDir.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const T = createRequire(import.meta.url)('node-tfhe');
const LIMIT = 1n << 34n;
const [dir, what] = process.argv.slice(2);
const read = (name) => new Uint8Array(readFileSync(join(dir, `${name}.bin`)));
const write = (name, bytes) => {
  const file = join(dir, `${name}.bin`);
  writeFileSync(`${file}.${process.pid}.tmp`, bytes);
  renameSync(`${file}.${process.pid}.tmp`, file);
};

if (what === 'server-key') {
  const ck = T.TfheClientKey.safe_deserialize(read('default_client_key'), LIMIT);
  write('default_compressed_server_key', T.TfheCompressedServerKey.new(ck).safe_serialize(LIMIT));
} else if (what === 'proven-list') {
  const pke = new T.ShortintCompactPublicKeyEncryptionParameters(
    T.ShortintCompactPublicKeyEncryptionParametersName.PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  );
  const cfg = T.TfheConfigBuilder.default().use_dedicated_compact_public_key_parameters(pke).build();
  const ck = T.TfheClientKey.safe_deserialize(read('pke_client_key'), LIMIT);
  const crs = existsSync(join(dir, 'pke_crs_64.bin'))
    ? T.CompactPkeCrs.safe_deserialize(read('pke_crs_64'), LIMIT)
    : T.CompactPkeCrs.from_config(cfg, 64);
  write('pke_crs_64', crs.safe_serialize(LIMIT));
  const b = T.ProvenCompactCiphertextList.builder(T.TfheCompactPublicKey.new(ck));
  b.push_u8(42);
  b.push_u32(123456789);
  b.push_boolean(true);
  b.push_u64(9223372036854775813n);
  write(
    'pke_proven_list',
    b.build_with_proof_packed(crs, new Uint8Array([1, 2, 3]), T.ZkComputeLoad.Verify).safe_serialize(LIMIT),
  );
} else if (what === 'proven-list-proof-load') {
  const ck = T.TfheClientKey.safe_deserialize(read('pke_client_key'), LIMIT);
  const crs = T.CompactPkeCrs.safe_deserialize(read('pke_crs_64'), LIMIT);
  const b = T.ProvenCompactCiphertextList.builder(T.TfheCompactPublicKey.new(ck));
  b.push_u16(4242);
  b.push_boolean(false);
  write(
    'pke_proven_list_proof_load',
    b.build_with_proof_packed(crs, new Uint8Array([9]), T.ZkComputeLoad.Proof).safe_serialize(LIMIT),
  );
} else if (what === 'proven-list-14') {
  // node-tfhe 1.4.0-alpha.3 proves under the 1.7 CRS and a CPK re-encoded in the 1.4 layout (pke_cpk_v0.bin).
  const T14 = createRequire(import.meta.url)('node-tfhe-14');
  const crs = T14.CompactPkeCrs.safe_deserialize(read('pke_crs_64'), LIMIT);
  const cpk = T14.TfheCompactPublicKey.safe_deserialize(read('pke_cpk_v0'), LIMIT);
  const b = T14.ProvenCompactCiphertextList.builder(cpk);
  b.push_u8(201);
  b.push_u64(1234567890123n);
  write(
    'v14_proven_list',
    b.build_with_proof_packed(crs, new Uint8Array([7]), T14.ZkComputeLoad.Verify).safe_serialize(LIMIT),
  );
} else {
  throw new Error(`unknown fixture ${what}`);
}
