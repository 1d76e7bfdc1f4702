// Test helper: node-tkms 0.12.8 as the user's client. Builds UserDecryptionResponse payloads around our shares
// (bincode 1 fixint LE, tfhe-interop §13.3–13.4; the envelope is node-tkms' own ML-KEM encryption, signatures are
// zero: verify = false checks share encoding, error correction and decoding, not the signcryption layer).
import { createRequire } from 'node:module';
import { encodeTkmsShares, type UserDecryptionShare } from './user-decryption.ts';

const K = createRequire(import.meta.url)('node-tkms');

const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer);
const i32 = (v: number) => Buffer.from(new Int32Array([v]).buffer);
const u64 = (v: number) => Buffer.from(new BigUint64Array([BigInt(v)]).buffer);
const bytes = (b: Uint8Array) => Buffer.concat([u64(b.length), Buffer.from(b)]);

function tkmsResponse(
  party: number,
  t: number,
  shares: UserDecryptionShare[],
  pk: unknown,
  corrupt?: (b: Uint8Array) => Uint8Array,
) {
  const cts = shares.map((share) => {
    let shareBytes = encodeTkmsShares(share.packed);
    if (corrupt) shareBytes = corrupt(shareBytes);
    const typedPlaintext = Buffer.concat([bytes(shareBytes), i32(share.fheTypeId)]);
    const payload = Buffer.concat([typedPlaintext, bytes(new Uint8Array(32))]); // SigncryptionPayload { plaintext, link }
    const envelope = Buffer.concat([payload, Buffer.alloc(64), Buffer.alloc(32)]); // msg ‖ sig ‖ H(verification key)
    const cipher = Buffer.from(K.ml_kem_pke_encrypt(envelope, pk));
    return Buffer.concat([
      i32(share.fheTypeId),
      bytes(cipher),
      bytes(new Uint8Array(32)),
      u32(share.packingFactor),
    ]);
  });
  const payload = Buffer.concat([
    bytes(new Uint8Array(33)),
    bytes(new Uint8Array(32)),
    u64(cts.length),
    ...cts,
    u32(party),
    u32(t),
  ]);
  return { signature: '', payload: payload.toString('hex'), extra_data: '' };
}

/** node-tkms' reconstruction of one response per party (undefined = no response); `corruptParty` flips its share bytes. */
export function tkmsReconstruct(
  n: number,
  t: number,
  byParty: (UserDecryptionShare[] | undefined)[],
  corruptParty?: number,
) {
  const sk = K.ml_kem_pke_keygen();
  const pk = K.ml_kem_pke_get_pk(sk);
  const servers = Array.from({ length: n }, (_, i) =>
    K.new_server_id_addr(i + 1, `0x${String(i + 1).padStart(40, '0')}`),
  );
  const client = K.new_client(servers, '0x17853A630aAe15AED549B2B874de08B73C0F59c5', 'default');
  const responses = byParty.flatMap((shares, i) =>
    shares
      ? [
          tkmsResponse(
            i + 1,
            t,
            shares,
            pk,
            i + 1 === corruptParty ? (b) => b.map((x, k) => (k >= 8 ? x ^ 0x5a : x)) : undefined,
          ),
        ]
      : [],
  );
  const out = K.process_user_decryption_resp_from_js(client, null, null, responses, pk, sk, false) as {
    bytes: Uint8Array;
  }[];
  return out.map((p) => BigInt(`0x${Buffer.from(p.bytes).toString('hex') || '0'}`));
}
