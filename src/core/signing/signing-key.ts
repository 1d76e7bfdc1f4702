// The party's secp256k1 identity key. The secret scalar lives in a private class field: it is not enumerable,
// not serialised by JSON.stringify and not shown by util.inspect / console.log.

import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as libsecp256k1 from 'tiny-secp256k1';
import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { checkSigningArg } from './errors.ts';

/** Length of an EIP-712 signature r‖s‖v. */
export const SIGNATURE_LENGTH = 65;

/**
 * A party's signing key: secp256k1, the same key alloy / k256 use in the reference KMS.
 * @example
 * const key = PartySigningKey.generate();
 * key.address; // '0x52C1…' (EIP-55)
 * key.signHash(digest); // 65 bytes r‖s‖v, v ∈ {27, 28}
 */
export class PartySigningKey {
  readonly #secret: Uint8Array;
  /** SEC1 compressed public key (33 bytes), what the public vault holds under `VerfKey`. */
  readonly verfKey: Uint8Array;
  /** EIP-55 checksummed Ethereum address, what the public vault holds under `VerfAddress`. */
  readonly address: Address;

  private constructor(secret: Uint8Array) {
    this.#secret = secret;
    this.verfKey = secp256k1.getPublicKey(secret, true);
    this.address = addressFromVerfKey(this.verfKey);
  }

  /** A fresh key from the platform CSPRNG. */
  static generate(): PartySigningKey {
    return new PartySigningKey(secp256k1.utils.randomSecretKey());
  }

  /** A key from its 32-byte big-endian scalar (the private vault encoding); rejects 0 and values ≥ n. */
  static fromSecretBytes(bytes: Uint8Array): PartySigningKey {
    checkSigningArg(bytes instanceof Uint8Array && bytes.length === 32, 'secret: expected 32 bytes');
    checkSigningArg(secp256k1.utils.isValidSecretKey(bytes), 'secret: not a valid secp256k1 scalar');
    return new PartySigningKey(Uint8Array.from(bytes));
  }

  /** The 32-byte scalar, for the private vault only. A copy: wiping it does not affect this key. */
  exportSecretBytes(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  /** Signs a 32-byte digest (no further hashing) with deterministic nonces (RFC 6979) and low-s, as alloy's
   * `sign_hash`; returns r‖s‖v with v = 27 + recovery id. */
  signHash(hash: Uint8Array | Hex): Uint8Array {
    const digest = typeof hash === 'string' ? hexToBytes(hash) : hash;
    checkSigningArg(digest instanceof Uint8Array && digest.length === 32, 'hash: expected 32 bytes');
    // libsecp256k1 (WebAssembly): constant-time, RFC 6979 nonces, low-s — the same bytes as noble, ≈ 4× faster on
    // the decryption path where every response is signed.
    const { signature: rs, recoveryId } = libsecp256k1.signRecoverable(digest, this.#secret);
    const signature = new Uint8Array(SIGNATURE_LENGTH);
    signature.set(rs, 0);
    signature[64] = 27 + recoveryId;
    return signature;
  }

  /**
   * The reference's internal (non-EIP-712) signature `internal_sign(dsep, msg)`: ECDSA over SHA-256(dsep ‖ msg)
   * (k256's default digest), deterministic nonce, normalised to low-s; 64 bytes r‖s. Used inside signcryption
   * (`SIGNCRYP`) and for other internal payloads.
   * @example key.signInternal('SIGNCRYP', bytes)
   */
  signInternal(dsep: string, message: Uint8Array): Uint8Array {
    return libsecp256k1.sign(sha256(internalMessage(dsep, message)), this.#secret);
  }

  toJSON(): { address: Address } {
    return { address: this.address };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PartySigningKey(${this.address})`;
  }
}

/** EIP-55 address of a SEC1 public key (33-byte compressed or 65-byte uncompressed).
 * @example addressFromVerfKey(key.verfKey) === key.address
 */
export function addressFromVerfKey(verfKey: Uint8Array): Address {
  checkSigningArg(
    verfKey instanceof Uint8Array && (verfKey.length === 33 || verfKey.length === 65),
    'verfKey: expected a 33- or 65-byte SEC1 public key',
  );
  let point: ReturnType<typeof secp256k1.Point.fromBytes>;
  try {
    point = secp256k1.Point.fromBytes(verfKey);
  } catch {
    checkSigningArg(false, 'verfKey: not a point on secp256k1');
  }
  return publicKeyToAddress(bytesToHex(point.toBytes(false)));
}

/** Verifies an internal signature (64 bytes r‖s, low-s required as the reference's `check_normalized`) against a
 * SEC1 verification key.
 * @example verifyInternalSignature(peerVerfKey, 'SIGNCRYP', bytes, signature)
 */
export function verifyInternalSignature(
  verfKey: Uint8Array,
  dsep: string,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  checkSigningArg(
    signature instanceof Uint8Array && signature.length === 64,
    'signature: expected 64 bytes r‖s',
  );
  addressFromVerfKey(verfKey); // validates the key
  try {
    // strict: a high-s signature is refused, not normalised.
    return libsecp256k1.verify(sha256(internalMessage(dsep, message)), verfKey, signature, true);
  } catch {
    return false;
  }
}

function internalMessage(dsep: string, message: Uint8Array): Uint8Array {
  checkSigningArg(
    typeof dsep === 'string' && /^[\x20-\x7e]{8}$/.test(dsep),
    'dsep: expected 8 ASCII characters',
  );
  checkSigningArg(message instanceof Uint8Array, 'message: expected a Uint8Array');
  const out = new Uint8Array(8 + message.length);
  out.set(new TextEncoder().encode(dsep), 0);
  out.set(message, 8);
  return out;
}
