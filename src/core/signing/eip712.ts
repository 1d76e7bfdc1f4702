// EIP-712 structs the reference KMS signs (`core/grpc/src/solidity_types.rs`), with viem. The domain comes from the
// request and is signed as given (never persisted); `extraData` is echoed as given. Struct and field names, field
// order and types must match the Solidity side exactly: any change breaks on-chain verification.

import * as libsecp256k1 from 'tiny-secp256k1';
import {
  type Address,
  bytesToHex,
  getAddress,
  type Hex,
  hashTypedData,
  hexToBytes,
  isAddress,
  type TypedDataDomain,
} from 'viem';
import { checkSigningArg, SigningInvalidArgumentError } from './errors.ts';
import { keccak256 as keccak_256 } from './keccak.ts';
import { abiEncodePlaintexts, type TypedPlaintextValue } from './plaintexts.ts';
import { type PartySigningKey, SIGNATURE_LENGTH } from './signing-key.ts';
import { directStructHash, domainSeparatorOf, EMPTY_BYTES_HASH, signingHash } from './typed-data-hash.ts';

/** EIP-712 type definitions (the `EIP712Domain` type is derived from the domain's fields). */
export const EIP712_TYPES = {
  PrepKeygenVerification: [
    { name: 'prepKeygenId', type: 'uint256' },
    { name: 'extraData', type: 'bytes' },
  ],
  // Solidity `enum KeyType` is `uint8` in EIP-712 type strings.
  KeyDigest: [
    { name: 'keyType', type: 'uint8' },
    { name: 'digest', type: 'bytes' },
  ],
  KeygenVerification: [
    { name: 'prepKeygenId', type: 'uint256' },
    { name: 'keyId', type: 'uint256' },
    { name: 'keyDigests', type: 'KeyDigest[]' },
    { name: 'extraData', type: 'bytes' },
  ],
  CrsgenVerification: [
    { name: 'crsId', type: 'uint256' },
    { name: 'maxBitLength', type: 'uint256' },
    { name: 'crsDigest', type: 'bytes' },
    { name: 'extraData', type: 'bytes' },
  ],
  PublicDecryptVerification: [
    { name: 'ctHandles', type: 'bytes32[]' },
    { name: 'decryptedResult', type: 'bytes' },
    { name: 'extraData', type: 'bytes' },
  ],
  UserDecryptResponseVerification: [
    { name: 'publicKey', type: 'bytes' },
    { name: 'ctHandles', type: 'bytes32[]' },
    { name: 'userDecryptedShare', type: 'bytes' },
    { name: 'extraData', type: 'bytes' },
  ],
  UserDecryptionLinker: [
    { name: 'publicKey', type: 'bytes' },
    { name: 'handles', type: 'bytes32[]' },
    { name: 'userAddress', type: 'address' },
  ],
} as const;

/**
 * Layouts before `extraData` was added (the reference's `legacy_q126` module), kept to verify signatures made by
 * older cores. Same struct names, fewer fields.
 */
export const EIP712_TYPES_LEGACY_Q126 = {
  KeyDigest: EIP712_TYPES.KeyDigest,
  KeygenVerification: [
    { name: 'prepKeygenId', type: 'uint256' },
    { name: 'keyId', type: 'uint256' },
    { name: 'keyDigests', type: 'KeyDigest[]' },
  ],
  CrsgenVerification: [
    { name: 'crsId', type: 'uint256' },
    { name: 'maxBitLength', type: 'uint256' },
    { name: 'crsDigest', type: 'bytes' },
  ],
} as const;

type PrimaryType = Exclude<keyof typeof EIP712_TYPES, 'KeyDigest'>;
type TypeDefinitions = Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;

/** Solidity `enum KeyType { SERVER, PUBLIC, COMPRESSED_PUBLIC, COMPRESSED_KEYSET }`. */
export const KeyType = { SERVER: 0, PUBLIC: 1, COMPRESSED_PUBLIC: 2, COMPRESSED_KEYSET: 3 } as const;
export type KeyType = (typeof KeyType)[keyof typeof KeyType];

/** One entry of `KeygenVerification.keyDigests`. */
export interface KeyDigestEntry {
  readonly keyType: KeyType;
  readonly digest: Uint8Array;
}

/** A normalised EIP-712 domain: name, version, chain id and verifying contract always present, salt optional. */
export interface Eip712Domain {
  readonly name: string;
  readonly version: string;
  readonly chainId: bigint;
  readonly verifyingContract: Address;
  readonly salt?: Hex;
}

/** The domain as the API carries it (`Eip712DomainMsg`): chain id as big-endian bytes, contract as EIP-55 text. */
export interface Eip712DomainMessage {
  readonly name?: string;
  readonly version?: string;
  readonly chain_id?: Uint8Array | string;
  readonly verifying_contract?: string;
  readonly salt?: Uint8Array | null;
}

/** A typed-data payload ready to hash or sign; build it with the functions below. */
export interface Eip712Payload {
  readonly primaryType: PrimaryType;
  /** The struct definitions the hash uses (primary type and the types it references). */
  readonly types: TypeDefinitions;
  readonly message: Record<string, unknown>;
}

function payload(primaryType: PrimaryType, message: Record<string, unknown>, legacy = false): Eip712Payload {
  const table: TypeDefinitions = legacy ? EIP712_TYPES_LEGACY_Q126 : EIP712_TYPES;
  const types: Record<string, TypeDefinitions[string]> = { [primaryType]: table[primaryType]! };
  if (primaryType === 'KeygenVerification') types.KeyDigest = EIP712_TYPES.KeyDigest;
  return { primaryType, types, message };
}

/**
 * Converts the request's domain as the reference does (`protobuf_to_alloy_domain`): chain id = big-endian bytes
 * (≤ 32), verifying contract must carry a valid EIP-55 checksum, salt must be exactly 32 bytes when present.
 * @example domainFromMessage({ name: 'Decryption', version: '1', chain_id: be32(54321n), verifying_contract: '0x…' })
 */
export function domainFromMessage(message: Eip712DomainMessage): Eip712Domain {
  checkSigningArg(typeof message === 'object' && message !== null, 'domain: missing');
  const chainBytes = message.chain_id;
  checkSigningArg(
    chainBytes instanceof Uint8Array && chainBytes.length <= 32,
    'domain.chain_id: expected at most 32 big-endian bytes',
  );
  let chainId = 0n;
  for (const byte of chainBytes) chainId = (chainId << 8n) | BigInt(byte);
  const salt =
    message.salt === null || message.salt === undefined || message.salt.length === 0
      ? undefined
      : message.salt;
  return normalizeDomain({
    name: message.name ?? '',
    version: message.version ?? '',
    chainId,
    verifyingContract: message.verifying_contract ?? '',
    ...(salt !== undefined ? { salt } : {}),
  });
}

/** Validates a domain given with native values (chain id as bigint or number, salt as 32 bytes).
 * @example normalizeDomain({ name: 'Decryption', version: '1', chainId: 1n, verifyingContract: '0x…' })
 */
export function normalizeDomain(domain: {
  name: string;
  version: string;
  chainId: bigint | number;
  verifyingContract: string;
  salt?: Uint8Array | Hex;
}): Eip712Domain {
  checkSigningArg(typeof domain.name === 'string', 'domain.name: expected a string');
  checkSigningArg(typeof domain.version === 'string', 'domain.version: expected a string');
  const chainId = BigInt(domain.chainId);
  checkSigningArg(chainId >= 0n && chainId < 1n << 256n, 'domain.chainId: expected a uint256');
  const contract = domain.verifyingContract;
  checkSigningArg(
    typeof contract === 'string' &&
      isAddress(contract, { strict: false }) &&
      getAddress(contract) === contract,
    `domain.verifyingContract: expected an EIP-55 checksummed address, got ${JSON.stringify(contract)}`,
  );
  const out: { -readonly [K in keyof Eip712Domain]: Eip712Domain[K] } = {
    name: domain.name,
    version: domain.version,
    chainId,
    verifyingContract: contract,
  };
  if (domain.salt !== undefined) {
    const salt = typeof domain.salt === 'string' ? hexToBytes(domain.salt) : domain.salt;
    checkSigningArg(salt.length === 32, `domain.salt: expected 32 bytes, got ${salt.length}`);
    out.salt = bytesToHex(salt);
  }
  return out;
}

/** `PrepKeygenVerification{prepKeygenId, extraData}`.
 * @example signEip712(key, domain, prepKeygenVerification(preprocId, extraData))
 */
export function prepKeygenVerification(prepKeygenId: string, extraData: Uint8Array): Eip712Payload {
  return payload('PrepKeygenVerification', {
    prepKeygenId: requestIdToUint256('prepKeygenId', prepKeygenId),
    extraData: bytesArg('extraData', extraData),
  });
}

/** `KeygenVerification{prepKeygenId, keyId, keyDigests, extraData}` with the digests in the order given.
 * Use `keygenVerificationStandard` / `keygenVerificationCompressed` for the reference's fixed orders.
 */
export function keygenVerification(
  prepKeygenId: string,
  keyId: string,
  keyDigests: readonly KeyDigestEntry[],
  extraData: Uint8Array,
): Eip712Payload {
  return payload('KeygenVerification', {
    ...keygenFields(prepKeygenId, keyId, keyDigests),
    extraData: bytesArg('extraData', extraData),
  });
}

/** Legacy `KeygenVerification{prepKeygenId, keyId, keyDigests}` (no `extraData`), to verify signatures of cores
 * from before Q2-2026. */
export function keygenVerificationLegacyQ126(
  prepKeygenId: string,
  keyId: string,
  keyDigests: readonly KeyDigestEntry[],
): Eip712Payload {
  return payload('KeygenVerification', keygenFields(prepKeygenId, keyId, keyDigests), true);
}

function keygenFields(prepKeygenId: string, keyId: string, keyDigests: readonly KeyDigestEntry[]) {
  checkSigningArg(Array.isArray(keyDigests), 'keyDigests: expected an array');
  const digests = keyDigests.map((d, i) => {
    checkSigningArg(
      Object.values(KeyType).includes(d?.keyType as KeyType),
      `keyDigests[${i}].keyType: expected a KeyType (0..3)`,
    );
    return { keyType: d.keyType, digest: bytesArg(`keyDigests[${i}].digest`, d.digest) };
  });
  return {
    prepKeygenId: requestIdToUint256('prepKeygenId', prepKeygenId),
    keyId: requestIdToUint256('keyId', keyId),
    keyDigests: digests,
  };
}

/** Uncompressed keyset: digests `[SERVER, PUBLIC]` (enum order), as `KeygenVerification::new_uncompressed`. */
export function keygenVerificationStandard(
  prepKeygenId: string,
  keyId: string,
  serverKeyDigest: Uint8Array,
  publicKeyDigest: Uint8Array,
  extraData: Uint8Array,
): Eip712Payload {
  return keygenVerification(
    prepKeygenId,
    keyId,
    [
      { keyType: KeyType.SERVER, digest: serverKeyDigest },
      { keyType: KeyType.PUBLIC, digest: publicKeyDigest },
    ],
    extraData,
  );
}

/** Compressed keyset: digests `[PUBLIC, COMPRESSED_KEYSET]` (enum order), as `KeygenVerification::new_compressed`. */
export function keygenVerificationCompressed(
  prepKeygenId: string,
  keyId: string,
  compressedKeysetDigest: Uint8Array,
  publicKeyDigest: Uint8Array,
  extraData: Uint8Array,
): Eip712Payload {
  return keygenVerification(
    prepKeygenId,
    keyId,
    [
      { keyType: KeyType.PUBLIC, digest: publicKeyDigest },
      { keyType: KeyType.COMPRESSED_KEYSET, digest: compressedKeysetDigest },
    ],
    extraData,
  );
}

/** `CrsgenVerification{crsId, maxBitLength, crsDigest, extraData}`. */
export function crsgenVerification(
  crsId: string,
  maxBitLength: number | bigint,
  crsDigest: Uint8Array,
  extraData: Uint8Array,
): Eip712Payload {
  return payload('CrsgenVerification', {
    ...crsgenFields(crsId, maxBitLength, crsDigest),
    extraData: bytesArg('extraData', extraData),
  });
}

/** Legacy `CrsgenVerification{crsId, maxBitLength, crsDigest}` (no `extraData`), to verify signatures of cores
 * from before Q2-2026. */
export function crsgenVerificationLegacyQ126(
  crsId: string,
  maxBitLength: number | bigint,
  crsDigest: Uint8Array,
): Eip712Payload {
  return payload('CrsgenVerification', crsgenFields(crsId, maxBitLength, crsDigest), true);
}

function crsgenFields(crsId: string, maxBitLength: number | bigint, crsDigest: Uint8Array) {
  checkSigningArg(
    (typeof maxBitLength === 'number' && Number.isSafeInteger(maxBitLength)) ||
      typeof maxBitLength === 'bigint',
    'maxBitLength: expected an integer',
  );
  const bits = BigInt(maxBitLength);
  checkSigningArg(bits >= 0n && bits < 1n << 64n, 'maxBitLength: expected a non-negative integer below 2^64');
  return {
    crsId: requestIdToUint256('crsId', crsId),
    maxBitLength: bits,
    crsDigest: bytesArg('crsDigest', crsDigest),
  };
}

/** `PublicDecryptVerification{ctHandles, decryptedResult, extraData}`; handles (≤ 32 bytes) are left-padded to
 * bytes32 and `decryptedResult` is `abiEncodePlaintexts(plaintexts)`. */
export function publicDecryptVerification(
  ctHandles: readonly Uint8Array[],
  plaintexts: readonly TypedPlaintextValue[],
  extraData: Uint8Array,
): Eip712Payload {
  return payload('PublicDecryptVerification', {
    ctHandles: handlesArg('ctHandles', ctHandles),
    decryptedResult: hexOf(abiEncodePlaintexts(plaintexts)),
    extraData: bytesArg('extraData', extraData),
  });
}

/** keccak256 of the type string of PublicDecryptVerification, from EIP712_TYPES. */
const PUBLIC_DECRYPT_TYPE_HASH = keccak_256(
  new TextEncoder().encode(
    `PublicDecryptVerification(${EIP712_TYPES.PublicDecryptVerification.map((f) => `${f.type} ${f.name}`).join(',')})`,
  ),
);

/**
 * The EIP-712 digest of `publicDecryptVerification(ctHandles, plaintexts, extraData)` under `domain`, hashed
 * straight from the bytes (no hex payload in between): what every core signs per public decryption response,
 * and what a client checks the responses against. Same digest and same argument checks as `eip712Hash` of the
 * payload.
 * @example publicDecryptVerificationHash(domain, handles, plaintexts, extraData) // 32 bytes
 */
export function publicDecryptVerificationHash(
  domain: Eip712Domain,
  ctHandles: readonly Uint8Array[],
  plaintexts: readonly TypedPlaintextValue[],
  extraData: Uint8Array,
): Uint8Array {
  checkSigningArg(Array.isArray(ctHandles), 'ctHandles: expected an array of handles');
  const words = new Uint8Array(32 * ctHandles.length);
  for (let i = 0; i < ctHandles.length; i++) {
    const h = ctHandles[i];
    checkSigningArg(h instanceof Uint8Array && h.length <= 32, `ctHandles[${i}]: expected at most 32 bytes`);
    words.set(h, 32 * i + 32 - h.length);
  }
  const decryptedResult = abiEncodePlaintexts(plaintexts);
  checkSigningArg(extraData instanceof Uint8Array, 'extraData: expected a Uint8Array');
  const encoded = new Uint8Array(128);
  encoded.set(PUBLIC_DECRYPT_TYPE_HASH, 0);
  encoded.set(keccak_256(words), 32);
  encoded.set(keccak_256(decryptedResult), 64);
  encoded.set(extraData.length === 0 ? EMPTY_BYTES_HASH : keccak_256(extraData), 96);
  return signingHash(domainSeparatorOf(domain), keccak_256(encoded));
}

/** Signs PublicDecryptVerification{ctHandles, decryptedResult, extraData}: the same 65 bytes as
 * `signEip712(key, domain, publicDecryptVerification(ctHandles, plaintexts, extraData))`.
 * @example const sig = signPublicDecryptVerification(key, domain, handles, plaintexts, new Uint8Array(0))
 */
export function signPublicDecryptVerification(
  key: PartySigningKey,
  domain: Eip712Domain,
  ctHandles: readonly Uint8Array[],
  plaintexts: readonly TypedPlaintextValue[],
  extraData: Uint8Array,
): Uint8Array {
  return key.signHash(publicDecryptVerificationHash(domain, ctHandles, plaintexts, extraData));
}

/** `UserDecryptResponseVerification{publicKey, ctHandles, userDecryptedShare, extraData}`; `userDecryptedShare` is
 * the bincode of the response payload, passed as produced by its encoder. */
export function userDecryptResponseVerification(
  publicKey: Uint8Array,
  ctHandles: readonly Uint8Array[],
  userDecryptedShare: Uint8Array,
  extraData: Uint8Array,
): Eip712Payload {
  return payload('UserDecryptResponseVerification', {
    publicKey: bytesArg('publicKey', publicKey),
    ctHandles: handlesArg('ctHandles', ctHandles),
    userDecryptedShare: bytesArg('userDecryptedShare', userDecryptedShare),
    extraData: bytesArg('extraData', extraData),
  });
}

/** `UserDecryptionLinker{publicKey, handles, userAddress}`; its hash is the link binding request and response. */
export function userDecryptionLinker(
  publicKey: Uint8Array,
  handles: readonly Uint8Array[],
  userAddress: string,
): Eip712Payload {
  checkSigningArg(
    typeof userAddress === 'string' &&
      isAddress(userAddress, { strict: false }) &&
      getAddress(userAddress) === userAddress,
    'userAddress: expected an EIP-55 checksummed address',
  );
  return payload('UserDecryptionLinker', {
    publicKey: bytesArg('publicKey', publicKey),
    handles: handlesArg('handles', handles),
    userAddress,
  });
}

/** The EIP-712 signing hash (`keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message))`).
 * @example eip712Hash(domain, crsgenVerification(crsId, 2048, digest, extra))
 */
export function eip712Hash(domain: Eip712Domain, payload: Eip712Payload): Uint8Array {
  const data = viemTypedData(domain, payload);
  // The decryption structs (signed per response, checked t + 1 times per request) are hashed directly against a
  // cached domain separator; the rare key-generation structs keep viem's generic path.
  const structHash = directStructHash(payload);
  if (structHash === undefined) return hexToBytes(hashTypedData(data));
  return signingHash(domainSeparatorOf(domain), structHash);
}

/** Signs `payload` under `domain`: 65 bytes r‖s‖v.
 * @example const sig = signEip712(identity.signingKey, domain, payload)
 */
export function signEip712(key: PartySigningKey, domain: Eip712Domain, payload: Eip712Payload): Uint8Array {
  return key.signHash(eip712Hash(domain, payload));
}

/** The EIP-55 address that produced `signature` over `payload`; SigningInvalidArgumentError for a malformed one.
 * @example (await recoverEip712Signer(domain, payload, sig)) === publishedAddress
 */
export function recoverEip712Signer(
  domain: Eip712Domain,
  payload: Eip712Payload,
  signature: Uint8Array,
): Promise<Address> {
  return recoverFromHash(eip712Hash(domain, payload), signature).then((address) => getAddress(address));
}

/** True when `signature` over `payload` recovers to `expectedAddress` (compared case-insensitively); false for a
 * wrong signer or a malformed signature. A malformed domain or payload still throws.
 * @example await verifyEip712(domain, payload, sig, partyAddress)
 */
export async function verifyEip712(
  domain: Eip712Domain,
  payload: Eip712Payload,
  signature: Uint8Array,
  expectedAddress: string,
): Promise<boolean> {
  checkSigningArg(isAddress(expectedAddress, { strict: false }), 'expectedAddress: expected an address');
  return verifyEip712Hash(eip712Hash(domain, payload), signature, expectedAddress);
}

/** `verifyEip712` for a signing hash already computed with `eip712Hash`: when several parties sign the same
 * payload, the client hashes it once and checks each signature against that hash.
 * @example const hash = eip712Hash(domain, payload); await verifyEip712Hash(hash, sig, partyAddress)
 */
export async function verifyEip712Hash(
  hash: Uint8Array,
  signature: Uint8Array,
  expectedAddress: string,
): Promise<boolean> {
  checkSigningArg(hash instanceof Uint8Array && hash.length === 32, 'hash: expected 32 bytes');
  checkSigningArg(isAddress(expectedAddress, { strict: false }), 'expectedAddress: expected an address');
  const signer = await recoverFromHash(hash, signature).catch((err: unknown) => {
    if (err instanceof SigningInvalidArgumentError) return undefined;
    throw err;
  });
  return signer !== undefined && signer.toLowerCase() === expectedAddress.toLowerCase();
}

/** The signer's address in lower case: verification compares case-insensitively, so the EIP-55 checksum (one
 * more keccak) is computed only when the address is returned. */
async function recoverFromHash(hash: Uint8Array, signature: Uint8Array): Promise<Hex> {
  checkSigningArg(
    signature instanceof Uint8Array && signature.length === SIGNATURE_LENGTH,
    `signature: expected ${SIGNATURE_LENGTH} bytes r‖s‖v`,
  );
  const v = signature[64]!;
  checkSigningArg(
    v === 27 || v === 28 || v === 0 || v === 1,
    `signature: v must be 27/28 (or 0/1), got ${v}`,
  );
  // libsecp256k1 (WebAssembly) recovers ≈ 10× faster than viem's recoverAddress; like ecrecover it accepts any
  // s in [1, n − 1].
  let publicKey: Uint8Array | null;
  try {
    publicKey = libsecp256k1.recover(hash, signature.subarray(0, 64), (v >= 27 ? v - 27 : v) as 0 | 1, false);
  } catch (err) {
    throw new SigningInvalidArgumentError('signature: not a valid secp256k1 signature', { cause: err });
  }
  if (publicKey === null) throw new SigningInvalidArgumentError('signature: not a valid secp256k1 signature');
  return `0x${Buffer.from(keccak_256(publicKey.subarray(1)).subarray(12)).toString('hex')}`;
}

/** The viem `hashTypedData` argument for `data` under `domain` (the generic path, and the oracle of the direct one). */
export function viemTypedData(domain: Eip712Domain, data: Eip712Payload) {
  checkSigningArg(
    typeof data?.primaryType === 'string' && data.types?.[data.primaryType] !== undefined,
    'payload: expected a payload built by this module',
  );
  const viemDomain: TypedDataDomain = {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
    ...(domain.salt !== undefined ? { salt: domain.salt } : {}),
  };
  return {
    domain: viemDomain,
    types: data.types,
    primaryType: data.primaryType,
    message: data.message,
  } as Parameters<typeof hashTypedData>[0];
}

/** A 32-byte request id (64 lower-case hex) read as a big-endian uint256. */
export function requestIdToUint256(name: string, id: string): bigint {
  checkSigningArg(
    typeof id === 'string' && /^[0-9a-f]{64}$/.test(id),
    `${name}: expected 64 lower-case hex characters`,
  );
  return BigInt(`0x${id}`);
}

function bytesArg(name: string, bytes: Uint8Array): Hex {
  checkSigningArg(bytes instanceof Uint8Array, `${name}: expected a Uint8Array`);
  return hexOf(bytes);
}

/** Lower-case `0x…` hex, as viem's `bytesToHex` (user decryption shares run to tens of kilobytes: native is
 * faster). */
function hexOf(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

function handlesArg(name: string, handles: readonly Uint8Array[]): Hex[] {
  checkSigningArg(Array.isArray(handles), `${name}: expected an array of handles`);
  return handles.map((h, i) => {
    checkSigningArg(h instanceof Uint8Array && h.length <= 32, `${name}[${i}]: expected at most 32 bytes`);
    const padded = new Uint8Array(32);
    padded.set(h, 32 - h.length);
    return hexOf(padded);
  });
}
