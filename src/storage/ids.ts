// Request ids and the fixed ids of the reference KMS (`core/service/src/consts.rs`, `engine/base.rs`).

import { shake256 } from '@noble/hashes/sha3.js';
import { StorageInvalidArgumentError } from './errors.ts';

/** Bytes in a request / key / CRS / epoch / context id. */
export const ID_LENGTH = 32;

const ID_PATTERN = /^[0-9a-f]{64}$/;
const DSEP_REQUEST_ID = new TextEncoder().encode('REQST_ID');

/** True for a well-formed id: 32 bytes as 64 lower-case hex characters, no `0x`.
 * @example isRequestId('00'.repeat(32)) // true
 */
export function isRequestId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Throws StorageInvalidArgumentError unless `id` is a well-formed id; `name` labels the argument.
 * The strict pattern is also what keeps ids from ever forming a path (`..`, `/`) in a vault.
 * @example checkRequestId('keyId', req.keyId)
 */
export function checkRequestId(name: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : typeof id;
    throw new StorageInvalidArgumentError(
      `${name}: expected 64 lower-case hex characters (32 bytes), got ${shown}`,
    );
  }
}

/** Parses an id into its 32 bytes.
 * @example requestIdToBytes(SIGNING_KEY_ID).length // 32
 */
export function requestIdToBytes(id: string): Uint8Array {
  checkRequestId('id', id);
  return Uint8Array.from(Buffer.from(id, 'hex'));
}

/** Formats 32 bytes as an id.
 * @example requestIdFromBytes(new Uint8Array(32)) // '000…0'
 */
export function requestIdFromBytes(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ID_LENGTH) {
    throw new StorageInvalidArgumentError(`bytes: expected ${ID_LENGTH} bytes`);
  }
  return Buffer.from(bytes).toString('hex');
}

/**
 * The reference's `derive_request_id(name)`: SHAKE-256 over the 8-byte domain separator `REQST_ID` followed by the
 * bincode (fixint, little-endian) encoding of the `String` name — a u64 byte length then the UTF-8 bytes — read
 * to 32 bytes. Checked against the published `SIGNING_KEY_ID` (`60b7070a…beee`).
 * @example deriveRequestId('SIGNING_KEY_ID') // '60b7070add74be38…beee'
 */
export function deriveRequestId(name: string): string {
  const utf8 = new TextEncoder().encode(name);
  const message = new Uint8Array(DSEP_REQUEST_ID.length + 8 + utf8.length);
  message.set(DSEP_REQUEST_ID, 0);
  new DataView(message.buffer).setBigUint64(DSEP_REQUEST_ID.length, BigInt(utf8.length), true);
  message.set(utf8, DSEP_REQUEST_ID.length + 8);
  return Buffer.from(shake256(message, { dkLen: ID_LENGTH })).toString('hex');
}

/** Id of the party signing key and of its published verification key / address / CA certificate. */
export const SIGNING_KEY_ID: string = deriveRequestId('SIGNING_KEY_ID');

/** Preprocessing id signed by insecure (test-mode) keygen. */
export const INSECURE_PREPROCESSING_ID: string = deriveRequestId('INSECURE_PREPROCESSING_ID');

/** Fixed id of the legacy PRSS initialisation material. */
export const PRSS_INIT_REQ_ID = `${'0'.repeat(63)}1`;

/** Default MPC context id: byte 0 = 7, byte 31 = 1. */
export const DEFAULT_MPC_CONTEXT_ID = `07${'0'.repeat(60)}01`;

/** Default epoch id (initial PRSS setup): byte 0 = 8, byte 31 = 1. */
export const DEFAULT_EPOCH_ID = `08${'0'.repeat(60)}01`;

/** Signing schemes of the API (`SigningSchemeType`), by the reference's Rust variant names. */
export type SigningScheme = 'Ecdsa256k1' | 'Ed25519' | 'MlDsa44' | 'MlDsa65' | 'MlDsa87';

/** Storage id of a party's verification material for `scheme` (`TypedVerfKey` / `TypedVerfAddress`); secp256k1
 * keeps the historical SIGNING_KEY_ID, other schemes use `deriveRequestId("SIGNING_KEY_ID_<Variant>")`.
 * @example signingMaterialId('Ed25519')
 */
export function signingMaterialId(scheme: SigningScheme): string {
  return scheme === 'Ecdsa256k1' ? SIGNING_KEY_ID : deriveRequestId(`SIGNING_KEY_ID_${scheme}`);
}
