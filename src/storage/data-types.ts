// Data-type directory names of the reference KMS storage layout (`{prefix}/{DataType}/{id}`). The strings are the
// directory names existing tools read, so they must not change.

import { StorageInvalidArgumentError } from './errors.ts';

/** Public data types (`PubDataType`); readable by anyone, written never-overwrite.
 * @example vault.put({ dataType: PubDataType.PublicKey, id: keyId }, bytes)
 */
export const PubDataType = {
  /** tfhe `CompactPublicKey` (users encrypt and prove with it). */
  PublicKey: 'PublicKey',
  /** tfhe `ServerKey` (uncompressed keyset case). */
  ServerKey: 'ServerKey',
  /** XOF-seeded compressed keyset (default keyset form). */
  CompressedXofKeySet: 'CompressedXofKeySet',
  /** decompression key of a `DecompressionOnly` keyset. */
  DecompressionKey: 'DecompressionKey',
  /** tfhe `CompactPkeCrs`. */
  CRS: 'CRS',
  /** party secp256k1 verification key, SEC1 compressed; id = SIGNING_KEY_ID. */
  VerfKey: 'VerfKey',
  /** party EIP-55 Ethereum address as text; id = SIGNING_KEY_ID. */
  VerfAddress: 'VerfAddress',
  /** per-scheme verification key; id = signingMaterialId(scheme). */
  TypedVerfKey: 'TypedVerfKey',
  /** per-scheme verification key digest / address text; id = signingMaterialId(scheme). */
  TypedVerfAddress: 'TypedVerfAddress',
  /** party's self-signed CA certificate (PEM); id = SIGNING_KEY_ID. */
  CACert: 'CACert',
  /** custodian backup recovery information. */
  RecoveryMaterial: 'RecoveryMaterial',
  /** deprecated, read-only. */
  PublicKeyMetadata: 'PublicKeyMetadata',
} as const;
export type PubDataType = (typeof PubDataType)[keyof typeof PubDataType];

/** Private data types (`PrivDataType`); readable only by the owning party, files 0600.
 * @example vault.put({ dataType: PrivDataType.FheKeyInfo, epochId, id: keyId }, share)
 */
export const PrivDataType = {
  /** the party's secp256k1 signing key; id = SIGNING_KEY_ID. */
  SigningKey: 'SigningKey',
  /** threshold key share + metadata; epoch-scoped. */
  FheKeyInfo: 'FheKeyInfo',
  /** clear client key (centralized / insecure mode only); epoch-scoped. */
  FhePrivateKey: 'FhePrivateKey',
  /** CRS generation metadata; epoch-scoped. */
  CrsInfo: 'CrsInfo',
  /** PRSS setup of an epoch; id = epoch id. */
  EpochData: 'EpochData',
  /** MPC context (party list, threshold); id = context id. Directory name of the reference's `ContextInfo`. */
  Context: 'Context',
  /** legacy PRSS setup, read-only for old data. */
  PrssSetup: 'PrssSetup',
  /** legacy combined PRSS setup, read-only for old data. */
  PrssSetupCombined: 'PrssSetupCombined',
} as const;
export type PrivDataType = (typeof PrivDataType)[keyof typeof PrivDataType];

/** Any data type a vault can hold. */
export type DataType = PubDataType | PrivDataType;

const PUBLIC_TYPES: ReadonlySet<string> = new Set(Object.values(PubDataType));
const PRIVATE_TYPES: ReadonlySet<string> = new Set(Object.values(PrivDataType));
const EPOCH_SCOPED: ReadonlySet<string> = new Set([
  PrivDataType.FheKeyInfo,
  PrivDataType.FhePrivateKey,
  PrivDataType.CrsInfo,
]);

/** True for a public data type name.
 * @example isPubDataType('PublicKey') // true
 */
export function isPubDataType(name: string): name is PubDataType {
  return PUBLIC_TYPES.has(name);
}

/** True for a private data type name.
 * @example isPrivDataType('SigningKey') // true
 */
export function isPrivDataType(name: string): name is PrivDataType {
  return PRIVATE_TYPES.has(name);
}

/** True when objects of this type live under `{DataType}/{epochId}/{id}` (private key material of an epoch).
 * Public data is never epoch-scoped.
 * @example isEpochScoped(PrivDataType.FheKeyInfo) // true
 */
export function isEpochScoped(dataType: DataType): boolean {
  return EPOCH_SCOPED.has(dataType);
}

/** Returns `name` as a DataType or throws StorageInvalidArgumentError.
 * @example parseDataType('CRS') // 'CRS'
 */
export function parseDataType(name: string): DataType {
  if (isPubDataType(name) || isPrivDataType(name)) return name;
  throw new StorageInvalidArgumentError(`dataType: unknown data type ${JSON.stringify(name)}`);
}
