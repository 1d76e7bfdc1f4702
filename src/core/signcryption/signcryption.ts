// Sign-then-encrypt of user-decryption shares, as the reference KMS does it (`signcryption.rs`,
// `signcrypt_plaintext`) and node-tkms 0.12.8 undoes it:
//   msg      = bincode(SigncryptionPayload{TypedPlaintext{share bytes, fhe_type}, link})
//   sig      = internal ECDSA (SHA-256, low-s, r‖s) with dsep USER_DEC over msg ‖ client address (20 bytes) ‖
//              SHAKE256("SIGNCRYP" ‖ bincode(client enc key))
//   envelope = HybridKemCt(msg ‖ sig ‖ SHAKE256("SIGNCRYP" ‖ bincode(server PublicSigKey)))
// The signature binds the share to the user's address and key; the key digest tells the user which server signed.
import { shake256 } from '@noble/hashes/sha3.js';
import { hexToBytes } from 'viem';
import { type PartySigningKey, verifyInternalSignature } from '../signing/signing-key.ts';
import { hybridDecrypt, hybridEncrypt, parseUserEncryptionKey, SigncryptionError } from './hybrid-kem.ts';
import {
  fromBincode,
  mlKem512PublicKey,
  publicSigKey,
  type SigncryptionPayload,
  signcryptionPayload,
  toBincode,
} from './wire.ts';

/** Domain separator of the signcryption digests. */
const DSEP_SIGNCRYPTION = new TextEncoder().encode('SIGNCRYP');
/** Domain separator of user-decryption signatures (reference `DSEP_USER_DECRYPTION`). */
export const DSEP_USER_DECRYPTION = 'USER_DEC';
const SIG_BYTES = 64;
const DIGEST_BYTES = 32;

function digest(bincode: Uint8Array): Uint8Array {
  const input = new Uint8Array(DSEP_SIGNCRYPTION.length + bincode.length);
  input.set(DSEP_SIGNCRYPTION);
  input.set(bincode, DSEP_SIGNCRYPTION.length);
  return shake256(input, { dkLen: DIGEST_BYTES });
}

/** bincode(PublicSigKey) of a SEC1 compressed key: what `verification_key` carries and the envelope digests. */
export function legacyVerificationKey(verfKey: Uint8Array): Uint8Array {
  return toBincode(publicSigKey, verfKey, 'PublicSigKey');
}

function addressBytes(address: string): Uint8Array {
  const bytes = hexToBytes(address as `0x${string}`);
  if (bytes.length !== 20) throw new SigncryptionError('client address: expected 20 bytes');
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Who a signcryption is for, prepared once per request from the user's address and `enc_key`. */
export interface SigncryptionReceiver {
  /** The 20 address bytes (the reference's `receiver_id`). */
  readonly addressBytes: Uint8Array;
  /** The raw ML-KEM-512 encapsulation key. */
  readonly encapsulationKey: Uint8Array;
  /** SHAKE256("SIGNCRYP" ‖ bincode(PublicEncKey)). */
  readonly encKeyDigest: Uint8Array;
}

/**
 * Validates and prepares the receiver of a request; SigncryptionError for a bad key or address.
 * @example const receiver = signcryptionReceiver(clientAddress, encKey)
 */
export function signcryptionReceiver(address: string, encKey: Uint8Array): SigncryptionReceiver {
  const encapsulationKey = parseUserEncryptionKey(encKey);
  return {
    addressBytes: addressBytes(address),
    encapsulationKey,
    encKeyDigest: digest(toBincode(mlKem512PublicKey, encapsulationKey, 'PublicEncKey')),
  };
}

/**
 * Signcrypts one share for the user: returns bincode(HybridKemCt), the `signcrypted_ciphertext` of the response.
 * @example signcryptPlaintext(key, receiver, encodeTkmsShares(share.packed), 5, link)
 */
export function signcryptPlaintext(
  signingKey: PartySigningKey,
  receiver: SigncryptionReceiver,
  plaintext: Uint8Array,
  fheType: number,
  link: Uint8Array,
): Uint8Array {
  const msg = toBincode(
    signcryptionPayload,
    { plaintext: { bytes: plaintext, fheType }, link },
    'SigncryptionPayload',
  );
  const signature = signingKey.signInternal(
    DSEP_USER_DECRYPTION,
    concat(msg, receiver.addressBytes, receiver.encKeyDigest),
  );
  const envelope = concat(msg, signature, digest(legacyVerificationKey(signingKey.verfKey)));
  try {
    return hybridEncrypt(envelope, receiver.encapsulationKey);
  } finally {
    envelope.fill(0);
    msg.fill(0);
  }
}

/**
 * The user's side: decrypts, checks the server key digest, the inner signature (by `senderVerfKey`, SEC1) and the
 * link; returns the typed plaintext (share bytes and fhe_type). SigncryptionError on any mismatch.
 * @example unsigncryptPlaintext(secretKey, receiver, partyVerfKey, ct, link).plaintext.bytes
 */
export function unsigncryptPlaintext(
  decapsulationKey: Uint8Array,
  receiver: SigncryptionReceiver,
  senderVerfKey: Uint8Array,
  signcrypted: Uint8Array,
  link: Uint8Array,
): SigncryptionPayload {
  const plain = hybridDecrypt(signcrypted, decapsulationKey);
  if (plain.length < SIG_BYTES + DIGEST_BYTES) throw new SigncryptionError('signcryption: too short');
  const msgLength = plain.length - SIG_BYTES - DIGEST_BYTES;
  const msg = plain.subarray(0, msgLength);
  const signature = plain.subarray(msgLength, msgLength + SIG_BYTES);
  const keyDigest = plain.subarray(msgLength + SIG_BYTES);
  if (!Buffer.from(keyDigest).equals(Buffer.from(digest(legacyVerificationKey(senderVerfKey))))) {
    throw new SigncryptionError('signcryption: made for another server key');
  }
  const signed = concat(msg, receiver.addressBytes, receiver.encKeyDigest);
  if (!verifyInternalSignature(senderVerfKey, DSEP_USER_DECRYPTION, signed, signature)) {
    throw new SigncryptionError('signcryption: invalid signature');
  }
  let payload: SigncryptionPayload;
  try {
    payload = fromBincode(signcryptionPayload, msg, 'SigncryptionPayload');
  } catch (error) {
    throw new SigncryptionError(`signcryption: ${(error as Error).message}`);
  }
  if (!Buffer.from(payload.link).equals(Buffer.from(link))) {
    throw new SigncryptionError('signcryption: link does not match the request');
  }
  return payload;
}
