// ABI encoding of decrypted plaintexts for `PublicDecryptVerification.decryptedResult`
// (the reference's `abi_encode_plaintexts`): each plaintext, little-endian bytes read as a uint256, encoded as the
// parameters of a tuple of uint256 — i.e. 32-byte big-endian words, no offsets, no length prefix.

import { checkSigningArg } from './errors.ts';

/** tfhe-rs `FheTypes` values the KMS signs (fhEVM v0.9 types). */
export const SignableFheType = {
  Bool: 0,
  Uint8: 2,
  Uint16: 3,
  Uint32: 4,
  Uint64: 5,
  Uint128: 6,
  Uint160: 7,
  Uint256: 8,
} as const;

const SIGNABLE: ReadonlySet<number> = new Set(Object.values(SignableFheType));

/** Bytes of a decrypted value of each signable type (what its little-endian plaintext fills at most). */
export const SIGNABLE_BYTE_WIDTHS: Readonly<Record<number, number>> = {
  [SignableFheType.Bool]: 1,
  [SignableFheType.Uint8]: 1,
  [SignableFheType.Uint16]: 2,
  [SignableFheType.Uint32]: 4,
  [SignableFheType.Uint64]: 8,
  [SignableFheType.Uint128]: 16,
  [SignableFheType.Uint160]: 20,
  [SignableFheType.Uint256]: 32,
};

/** A decrypted value as the API carries it (`TypedPlaintext`): little-endian bytes and the tfhe-rs type. */
export interface TypedPlaintextValue {
  readonly bytes: Uint8Array;
  readonly fheType: number;
}

/** Reads little-endian bytes (at most 32) as an unsigned integer.
 * @example leBytesToBigInt(new Uint8Array([1, 2])) // 513n
 */
export function leBytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/**
 * `abi.encode(uint256(p0), uint256(p1), …)` of the plaintexts in order. Types outside `SignableFheType` and values
 * longer than 32 bytes are rejected (the reference rejects both; it silently skips fhe_type integers that are not
 * tfhe-rs types at all, which this function rejects too).
 * @example abiEncodePlaintexts([{ bytes: new Uint8Array([42]), fheType: SignableFheType.Uint8 }]) // 32 bytes, …2a
 */
export function abiEncodePlaintexts(plaintexts: readonly TypedPlaintextValue[]): Uint8Array {
  checkSigningArg(Array.isArray(plaintexts), 'plaintexts: expected an array');
  // Each word is the little-endian bytes reversed, left-padded with zeros: no bigint round trip per value.
  const encoded = new Uint8Array(32 * plaintexts.length);
  for (let i = 0; i < plaintexts.length; i++) {
    const p = plaintexts[i];
    checkSigningArg(p?.bytes instanceof Uint8Array, `plaintexts[${i}].bytes: expected a Uint8Array`);
    checkSigningArg(SIGNABLE.has(p.fheType), `plaintexts[${i}].fheType: ${p.fheType} cannot be ABI-encoded`);
    checkSigningArg(p.bytes.length <= 32, `plaintexts[${i}].bytes: ${p.bytes.length} bytes exceed a uint256`);
    const wordEnd = 32 * (i + 1) - 1;
    for (let j = 0; j < p.bytes.length; j++) encoded[wordEnd - j] = p.bytes[j]!;
  }
  return encoded;
}
