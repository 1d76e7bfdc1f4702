// Direct EIP-712 hashing for the decryption path, where every response is signed by each core and checked by the
// client: viem's `hashTypedData` re-hashes the domain, validates and ABI-encodes generically on every call (≈ 10×
// the cost of the keccaks themselves). Here the domain separator is computed once per domain (still by viem, with
// its validation) and structs made only of `bytes`, `bytes32[]` and `address` fields (the decryption responses and
// the user-decryption link) are hashed as keccak256(typeHash ‖ encoded field ‖ …). Anything else — and any value viem would read differently from plain even-length hex —
// returns undefined so that the caller keeps viem's path: the bytes are identical to `hashTypedData` by design.

import {
  domainSeparator,
  getTypesForEIP712Domain,
  isAddress,
  type TypedDataDomain,
  validateTypedData,
} from 'viem';
import type { Eip712Domain, Eip712Payload } from './eip712.ts';
import { keccak256 as keccak_256 } from './keccak.ts';

/** Struct types hashed directly; their payloads are built by `eip712.ts` with exactly these field kinds. */
const DIRECT_STRUCTS: ReadonlySet<string> = new Set([
  'PublicDecryptVerification',
  'UserDecryptResponseVerification',
  'UserDecryptionLinker',
]);

// Domains come from requests, so an unbounded cache would grow with whatever callers send; a few hundred distinct
// domains (contracts × chains) is far beyond any deployment.
const DOMAIN_CACHE_LIMIT = 256;
const domainSeparators = new Map<string, Uint8Array>();
const typeHashes = new Map<string, Uint8Array>();
// `extraData` is empty in most requests: its hash is a constant.
export const EMPTY_BYTES_HASH = keccak_256(new Uint8Array(0));

/** The 32-byte domain separator of `domain`, from a bounded cache keyed by the domain's content.
 * @example domainSeparatorOf(normalizeDomain({ name: 'Decryption', version: '1', chainId: 1n, verifyingContract }))
 */
export function domainSeparatorOf(domain: Eip712Domain): Uint8Array {
  const { name, version, chainId, verifyingContract, salt } = domain;
  const cacheable =
    typeof name === 'string' &&
    typeof version === 'string' &&
    typeof chainId === 'bigint' &&
    typeof verifyingContract === 'string' &&
    (salt === undefined || typeof salt === 'string');
  const key = cacheable
    ? JSON.stringify([name, version, chainId.toString(), verifyingContract, salt ?? null])
    : '';
  const cached = cacheable ? domainSeparators.get(key) : undefined;
  if (cached !== undefined) return cached;
  const viemDomain: TypedDataDomain = {
    name,
    version,
    chainId,
    verifyingContract,
    ...(salt !== undefined ? { salt } : {}),
  };
  // The same checks `hashTypedData` runs on the domain (address, uint256 range, salt size), with its errors.
  validateTypedData({
    domain: viemDomain,
    types: { EIP712Domain: getTypesForEIP712Domain({ domain: viemDomain }) },
    primaryType: 'EIP712Domain',
    message: {},
  } as Parameters<typeof validateTypedData>[0]);
  const separator = hexBytes(domainSeparator({ domain: viemDomain }))!;
  if (cacheable) {
    if (domainSeparators.size >= DOMAIN_CACHE_LIMIT)
      domainSeparators.delete(domainSeparators.keys().next().value!);
    domainSeparators.set(key, separator);
  }
  return separator;
}

/** `hashStruct(message)` of a payload whose struct has only `bytes` / `bytes32[]` / `address` fields, or undefined when the
 * payload is not one of `DIRECT_STRUCTS` in the exact shape the builders produce.
 * @example directStructHash(publicDecryptVerification(handles, plaintexts, extraData)) // 32 bytes
 */
export function directStructHash(payload: Eip712Payload): Uint8Array | undefined {
  const { primaryType, types, message } = payload;
  if (!DIRECT_STRUCTS.has(primaryType)) return undefined;
  // viem validates every type listed, referenced or not; only the primary type's own table is handled here.
  for (const typeName in types) if (typeName !== primaryType) return undefined;
  const fields = types[primaryType]!;
  const encoded = new Uint8Array(32 * (fields.length + 1));
  let signature = `${primaryType}(`;
  for (let i = 0; i < fields.length; i++) {
    const { name, type } = fields[i]!;
    const value = message[name];
    let fieldHash: Uint8Array | undefined;
    if (type === 'bytes') fieldHash = bytesFieldHash(value);
    else if (type === 'bytes32[]') fieldHash = bytes32ArrayHash(value);
    else if (type === 'address') fieldHash = addressWord(value);
    if (fieldHash === undefined) return undefined;
    encoded.set(fieldHash, 32 * (i + 1));
    signature += `${i === 0 ? '' : ','}${type} ${name}`;
  }
  signature += ')';
  let typeHash = typeHashes.get(signature);
  if (typeHash === undefined) {
    typeHash = keccak_256(Buffer.from(signature, 'utf8'));
    // The primary types are a fixed set, so this holds a handful of entries; the bound guards against misuse.
    if (typeHashes.size >= DOMAIN_CACHE_LIMIT) typeHashes.clear();
    typeHashes.set(signature, typeHash);
  }
  encoded.set(typeHash, 0);
  return keccak_256(encoded);
}

/** keccak256(0x1901 ‖ domainSeparator ‖ structHash).
 * @example signingHash(domainSeparatorOf(domain), directStructHash(payload)!)
 */
export function signingHash(separator: Uint8Array, structHash: Uint8Array): Uint8Array {
  const preimage = new Uint8Array(66);
  preimage[0] = 0x19;
  preimage[1] = 0x01;
  preimage.set(separator, 2);
  preimage.set(structHash, 34);
  return keccak_256(preimage);
}

/** viem hashes a `bytes` field as keccak256 of the byte array, or of the hex string's bytes. */
function bytesFieldHash(value: unknown): Uint8Array | undefined {
  const bytes = value instanceof Uint8Array ? value : hexBytes(value);
  if (bytes === undefined) return undefined;
  return bytes.length === 0 ? EMPTY_BYTES_HASH : keccak_256(bytes);
}

/** viem encodes an `address` as its 20 bytes left-padded to a word, after `isAddress` (strict: a mixed-case
 * address must carry a valid checksum); anything it would reject goes back to viem, which throws. */
function addressWord(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || !isAddress(value)) return undefined;
  const bytes = hexBytes(value);
  if (bytes === undefined || bytes.length !== 20) return undefined;
  const word = new Uint8Array(32);
  word.set(bytes, 12);
  return word;
}

/** viem hashes `bytes32[]` as keccak256 of the ABI encoding of the words, i.e. of their concatenation. */
function bytes32ArrayHash(value: unknown): Uint8Array | undefined {
  if (!Array.isArray(value)) return undefined;
  const words = new Uint8Array(32 * value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string' || item.length !== 66) return undefined;
    const word = hexBytes(item);
    if (word === undefined) return undefined;
    words.set(word, 32 * i);
  }
  return keccak_256(words);
}

/** The bytes of `0x` + an even number of hex digits; undefined for anything else (odd length, other characters),
 * which viem either reads differently or rejects. */
function hexBytes(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !value.startsWith('0x')) return undefined;
  // Buffer stops at the first pair that is not hex: a short result means the string was not plain hex.
  const bytes = Buffer.from(value.slice(2), 'hex');
  if (bytes.length * 2 !== value.length - 2) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
