// bincode 1 (fixint, little-endian, no version tags) layouts of the user-decryption wire objects, as the reference
// KMS writes them with `bc2wrap` and node-tkms 0.12.8 reads them (tfhe-interop §13.3–13.4). Described as data with
// the tfhe-rs codec engine, so one description reads, sizes and writes.
import {
  bytes,
  type Codec,
  decode,
  encode,
  fixedBytes,
  type Infer,
  i32,
  safeDeserialize,
  safeSerialize,
  struct,
  u32,
  vec,
  versioned,
} from '../../fhe/codec/index.ts';

/** ML-KEM-512 sizes (FIPS 203). */
export const ML_KEM_512 = { publicKey: 800, secretKey: 1632, cipherText: 768, sharedSecret: 32 } as const;
export const AES_GCM_NONCE_BYTES = 12;

/** `HybridKemCt{nonce: [u8; 12], kem_ct: Vec<u8>, payload_ct: Vec<u8>}`. */
export const hybridKemCt = struct({
  nonce: fixedBytes(AES_GCM_NONCE_BYTES),
  kemCt: bytes,
  payloadCt: bytes,
});
export type HybridKemCiphertext = Infer<typeof hybridKemCt>;

/** `SigncryptionPayload{plaintext: TypedPlaintext{bytes, fhe_type: i32}, link: Vec<u8>}` (frozen format). */
export const signcryptionPayload = struct({
  plaintext: struct({ bytes, fheType: i32 }),
  link: bytes,
});
export type SigncryptionPayload = Infer<typeof signcryptionPayload>;

/** `TypedSigncryptedCiphertext{fhe_type: i32, signcrypted_ciphertext, external_handle, packing_factor: u32}`. */
export const typedSigncryptedCiphertext = struct({
  fheType: i32,
  signcryptedCiphertext: bytes,
  externalHandle: bytes,
  packingFactor: u32,
});

/** `UserDecryptionResponsePayload` in proto field order: what `userDecryptedShare` and the internal signature cover. */
export const userDecryptionResponsePayload = struct({
  verificationKey: bytes,
  digest: bytes,
  signcryptedCiphertexts: vec(typedSigncryptedCiphertext),
  partyId: u32,
  degree: u32,
});
export type UserDecryptionPayload = Infer<typeof userDecryptionResponsePayload>;

/** bincode of `PublicSigKey` (SEC1 compressed point as serde bytes): u64 length + 33 bytes. */
export const publicSigKey: Codec<Uint8Array> = bytes;

/** bincode of `PublicEncKey<MlKem512>`: u64 length (800) + the FIPS 203 encapsulation key. */
export const mlKem512PublicKey: Codec<Uint8Array> = bytes;

/** `UnifiedPublicEncKey::MlKem512(PublicEncKey)` under tfhe-versionable (V0, variant 0): node-tkms'
 * `ml_kem_pke_pk_to_u8vec` writes it with `safe_serialize` (869 bytes). */
const unifiedPublicEncKey = versioned('UnifiedPublicEncKey', 0, struct({ variant: u32, key: bytes }));

/** The raw encapsulation key of an `enc_key` in either encoding the reference accepts: bincode `PublicEncKey`
 * (808 bytes) or safe-serialized `UnifiedPublicEncKey` (node-tkms, 869 bytes). */
export function encapsulationKeyOf(encKey: Uint8Array): Uint8Array {
  if (encKey.length === ML_KEM_512.publicKey + 8)
    return fromBincode(mlKem512PublicKey, encKey, 'PublicEncKey');
  const { variant, key } = safeDeserialize(encKey, 'UnifiedPublicEncKey', unifiedPublicEncKey, {
    limit: 4096,
  });
  if (variant !== 0) throw new Error(`UnifiedPublicEncKey: variant ${variant} is not ML-KEM-512`);
  return key;
}

/** node-tkms' encoding of an encapsulation key (safe-serialized `UnifiedPublicEncKey`). */
export function unifiedEncKeyBytes(encapsulationKey: Uint8Array): Uint8Array {
  return safeSerialize({ variant: 0, key: encapsulationKey }, 'UnifiedPublicEncKey', unifiedPublicEncKey, {
    limit: 4096,
  });
}

/** Encodes `value` with `codec` (raw bincode, no header). */
export function toBincode<T>(codec: Codec<T>, value: T, root: string): Uint8Array {
  return encode(codec, value, { root });
}

/** Decodes exactly `input` (no trailing bytes) with `codec`; CodecError (kind InvalidArgument-like) otherwise. */
export function fromBincode<T>(codec: Codec<T>, input: Uint8Array, root: string, limit = 1 << 30): T {
  return decode(codec, input, { root, limit });
}
