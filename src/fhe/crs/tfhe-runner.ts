// worker_threads entry that runs node-tfhe for the CRS tests. node-tfhe's wasm calls (CRS generation, proving,
// verification) block for tens of seconds; running them here keeps the test runner's event loop responsive.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const LIMIT = 1n << 32n;

/** A request to the runner. */
export type TfheTask =
  | { op: 'makeCrs'; maxNumBits: number }
  | { op: 'interop'; crs: Uint8Array; compressedCrs: Uint8Array; otherCrs: Uint8Array };

/** Outcomes of the interop scenario, as observed from node-tfhe. */
export interface InteropOutcome {
  /** node-tfhe 1.7 re-serialization of our CRS */
  reserialized: Uint8Array;
  /** node-tfhe 1.7 re-serialization of our compressed CRS (it decompresses points on load) */
  decompressed: Uint8Array;
  /** values decrypted after 1.7 proved and verify_and_expand accepted */
  v17: [number, number, boolean];
  /** whether verify_and_expand rejected the same proof against node-tfhe's own CRS, and with other metadata */
  rejectedOtherCrs: boolean;
  rejectedOtherMetadata: boolean;
  /** ExpansionKind tag found in the 1.7 CPK before it is rewritten for 1.4 */
  expansionKindTag: [number, number];
  /** values decrypted after 1.4 proved and 1.7 verified */
  v14: [number, bigint];
}

// biome-ignore lint/suspicious/noExplicitAny: node-tfhe is loaded through require
function config(T: any): unknown {
  const pke = new T.ShortintCompactPublicKeyEncryptionParameters(
    T.ShortintCompactPublicKeyEncryptionParametersName.PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  );
  return T.TfheConfigBuilder.default().use_dedicated_compact_public_key_parameters(pke).build();
}

function rejects(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch {
    return true;
  }
}

function interop(
  crsBytes: Uint8Array,
  compressedBytes: Uint8Array,
  otherCrsBytes: Uint8Array,
): InteropOutcome {
  const T = require('node-tfhe');
  const T14 = require('node-tfhe-14');
  const metadata = new TextEncoder().encode('tkms-crs-interop|chain:1');
  const crs = T.CompactPkeCrs.safe_deserialize(crsBytes, LIMIT);
  const reserialized: Uint8Array = crs.safe_serialize(LIMIT);
  const decompressed: Uint8Array = T.CompactPkeCrs.safe_deserialize(compressedBytes, LIMIT).safe_serialize(
    LIMIT,
  );
  const ck = T.TfheClientKey.generate(config(T));
  const cpk = T.TfheCompactPublicKey.new(ck);
  T.set_server_key(T.TfheServerKey.new(ck));

  const b = T.ProvenCompactCiphertextList.builder(cpk);
  b.push_u8(42);
  b.push_u32(123456789);
  b.push_boolean(true);
  const proven = b.build_with_proof_packed(crs, metadata, T.ZkComputeLoad.Verify);
  const ex = proven.verify_and_expand(crs, cpk, metadata);
  const v17: [number, number, boolean] = [
    ex.get_uint8(0).decrypt(ck),
    ex.get_uint32(1).decrypt(ck),
    ex.get_bool(2).decrypt(ck),
  ];
  const other = T.CompactPkeCrs.safe_deserialize(otherCrsBytes, LIMIT);
  const rejectedOtherCrs = rejects(() => proven.verify_and_expand(other, cpk, metadata));
  const rejectedOtherMetadata = rejects(() =>
    proven.verify_and_expand(crs, cpk, new TextEncoder().encode('other')),
  );

  // 1.4 cannot read the 1.7 CompactCiphertextListExpansionKind tag (V1); the same key with the V0 tag is read by both
  const cpk14Bytes = (cpk.safe_serialize(LIMIT) as Uint8Array).slice();
  const view = new DataView(cpk14Bytes.buffer);
  const at = cpk14Bytes.length - 12 - 8 - 8; // ExpansionKind, then ZkScheme (8) and Tag (12)
  const expansionKindTag: [number, number] = [view.getUint32(at, true), view.getUint32(at + 4, true)];
  view.setUint32(at, 0, true);
  const cpk14 = T14.TfheCompactPublicKey.safe_deserialize(cpk14Bytes, LIMIT);
  const crs14 = T14.CompactPkeCrs.safe_deserialize(crsBytes, LIMIT);
  const b14 = T14.ProvenCompactCiphertextList.builder(cpk14);
  b14.push_u8(201);
  b14.push_u64(1234567890123n);
  const proven14 = b14.build_with_proof_packed(crs14, metadata, T14.ZkComputeLoad.Verify);
  const list = T.ProvenCompactCiphertextList.safe_deserialize(proven14.safe_serialize(LIMIT), LIMIT);
  const ex14 = list.verify_and_expand(crs, cpk, metadata);
  const v14: [number, bigint] = [ex14.get_uint8(0).decrypt(ck), ex14.get_uint64(1).decrypt(ck)];
  return { reserialized, decompressed, v17, rejectedOtherCrs, rejectedOtherMetadata, expansionKindTag, v14 };
}

parentPort?.on('message', (task: TfheTask) => {
  try {
    if (task.op === 'makeCrs') {
      const T = require('node-tfhe');
      const bytes: Uint8Array = T.CompactPkeCrs.from_config(config(T), task.maxNumBits).safe_serialize(LIMIT);
      parentPort?.postMessage({ ok: bytes });
    } else {
      parentPort?.postMessage({ ok: interop(task.crs, task.compressedCrs, task.otherCrs) });
    }
  } catch (e) {
    parentPort?.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
