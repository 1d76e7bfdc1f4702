// Hybrid public-key encryption of the reference KMS (`hybrid_ml_kem.rs`): ML-KEM-512 encapsulation, the 32-byte
// shared secret is the AES-256-GCM key, 12-byte random nonce, the 16-byte tag appended to the ciphertext
// (aes-gcm crate layout). Serialised as bincode `HybridKemCt`.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ml_kem512 } from '@noble/post-quantum/ml-kem.js';
import {
  AES_GCM_NONCE_BYTES,
  encapsulationKeyOf,
  fromBincode,
  hybridKemCt,
  ML_KEM_512,
  mlKem512PublicKey,
  toBincode,
} from './wire.ts';

const TAG_BYTES = 16;

/** Thrown when a ciphertext does not decrypt (wrong key, tampered bytes) or is malformed. */
export class SigncryptionError extends Error {
  readonly kind = 'InvalidArgument';
  constructor(message: string) {
    super(message);
    this.name = 'SigncryptionError';
  }
}

/** A user's ephemeral ML-KEM-512 key pair: `publicKey` in the request's `enc_key` encoding (bincode, 808 bytes). */
export interface UserEncryptionKeys {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/**
 * A fresh ML-KEM-512 key pair for user decryption.
 * @example const { publicKey, secretKey } = generateUserEncryptionKeys(); // publicKey goes into enc_key
 */
export function generateUserEncryptionKeys(): UserEncryptionKeys {
  const { publicKey, secretKey } = ml_kem512.keygen();
  return { publicKey: toBincode(mlKem512PublicKey, publicKey, 'PublicEncKey'), secretKey };
}

/**
 * The raw 800-byte encapsulation key of an `enc_key` (bincode `PublicEncKey<MlKem512>` or node-tkms'
 * safe-serialized `UnifiedPublicEncKey`); throws SigncryptionError
 * for anything else, including a vector that is not a valid ML-KEM-512 key (FIPS 203 modulus check).
 */
export function parseUserEncryptionKey(encKey: Uint8Array): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = encapsulationKeyOf(encKey);
  } catch (error) {
    throw new SigncryptionError(`enc_key: ${(error as Error).message}`);
  }
  if (raw.length !== ML_KEM_512.publicKey) {
    throw new SigncryptionError(
      `enc_key: expected a ${ML_KEM_512.publicKey}-byte ML-KEM-512 key, got ${raw.length}`,
    );
  }
  try {
    ml_kem512.encapsulate(raw); // validates the encoding (every coefficient < q)
  } catch {
    throw new SigncryptionError('enc_key: not a valid ML-KEM-512 encapsulation key');
  }
  return raw;
}

/** The 1632-byte decapsulation key from raw FIPS 203 bytes or node-tkms' bincode form (u64 length prefix). */
export function parseUserSecretKey(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length === ML_KEM_512.secretKey) return secretKey;
  if (secretKey.length === ML_KEM_512.secretKey + 8) return secretKey.subarray(8);
  throw new SigncryptionError(`secret key: expected ${ML_KEM_512.secretKey} bytes`);
}

/** bincode(HybridKemCt) of `message` under the raw 800-byte encapsulation key. */
export function hybridEncrypt(message: Uint8Array, encapsulationKey: Uint8Array): Uint8Array {
  const { cipherText, sharedSecret } = ml_kem512.encapsulate(encapsulationKey);
  const nonce = randomBytes(AES_GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sharedSecret, nonce);
  const body = Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]);
  sharedSecret.fill(0);
  return toBincode(hybridKemCt, { nonce, kemCt: cipherText, payloadCt: body }, 'HybridKemCt');
}

/** Inverse of hybridEncrypt with the 1632-byte decapsulation key; SigncryptionError when it does not decrypt. */
export function hybridDecrypt(ciphertext: Uint8Array, decapsulationKey: Uint8Array): Uint8Array {
  let parsed: ReturnType<typeof fromBincode<{ nonce: Uint8Array; kemCt: Uint8Array; payloadCt: Uint8Array }>>;
  try {
    parsed = fromBincode(hybridKemCt, ciphertext, 'HybridKemCt');
  } catch (error) {
    throw new SigncryptionError(`signcrypted ciphertext: ${(error as Error).message}`);
  }
  if (parsed.kemCt.length !== ML_KEM_512.cipherText || parsed.payloadCt.length < TAG_BYTES) {
    throw new SigncryptionError('signcrypted ciphertext: wrong KEM ciphertext or payload length');
  }
  const sharedSecret = ml_kem512.decapsulate(parsed.kemCt, decapsulationKey);
  try {
    const decipher = createDecipheriv('aes-256-gcm', sharedSecret, parsed.nonce);
    const body = parsed.payloadCt.subarray(0, parsed.payloadCt.length - TAG_BYTES);
    decipher.setAuthTag(parsed.payloadCt.subarray(parsed.payloadCt.length - TAG_BYTES));
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    throw new SigncryptionError('signcrypted ciphertext: authentication failed');
  } finally {
    sharedSecret.fill(0);
  }
}
