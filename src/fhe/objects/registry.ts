// One table of every object kind: its safe_serialize type name, codec and default size limit, and the generic
// readObject / writeObject entry points.
import { type Codec, CodecError, peekTypeName, safeDeserialize, safeSerialize } from '../codec/index.ts';
import {
  fheBoolCodec,
  fheUintCodec,
  squashedNoiseFheBoolCodec,
  squashedNoiseFheUintCodec,
} from './ciphertexts.ts';
import {
  compressedCiphertextListCodec,
  compressedSquashedNoiseCiphertextListCodec,
} from './compressed-lists.ts';
import { clientKeyCodec, compactPublicKeyCodec, compressedCompactPublicKeyCodec } from './keys.ts';
import { compactCiphertextListCodec, provenCompactCiphertextListCodec } from './lists.ts';
import { compressedServerKeyCodec } from './server-key.ts';
import type {
  ClientKey,
  CompactCiphertextList,
  CompactPublicKey,
  CompressedCiphertextList,
  CompressedCompactPublicKey,
  CompressedServerKey,
  CompressedSquashedNoiseCiphertextList,
  FheBool,
  FheInt,
  FheUint,
  ProvenCompactCiphertextList,
  SquashedNoiseFheBool,
  SquashedNoiseFheInt,
  SquashedNoiseFheUint,
} from './types.ts';

/** In-memory type of each object kind. */
export interface ObjectTypes {
  ClientKey: ClientKey;
  CompactPublicKey: CompactPublicKey;
  CompressedCompactPublicKey: CompressedCompactPublicKey;
  CompressedServerKey: CompressedServerKey;
  FheBool: FheBool;
  FheUint: FheUint;
  FheInt: FheInt;
  CompactCiphertextList: CompactCiphertextList;
  ProvenCompactCiphertextList: ProvenCompactCiphertextList;
  SquashedNoiseFheUint: SquashedNoiseFheUint;
  SquashedNoiseFheInt: SquashedNoiseFheInt;
  SquashedNoiseFheBool: SquashedNoiseFheBool;
  CompressedCiphertextList: CompressedCiphertextList;
  CompressedSquashedNoiseCiphertextList: CompressedSquashedNoiseCiphertextList;
}

export type ObjectKind = keyof ObjectTypes;

const MiB = 1 << 20;

/** Default deserialization size limit per kind, in bytes — the one place these limits are stated. Sized for the
 * largest object of that kind under the supported parameter sets with headroom: a default-config
 * CompressedServerKey is 60 MB, FheUint2048 is 17 MB, a CompactPublicKey 33 KB. */
export const DEFAULT_SIZE_LIMITS: Readonly<Record<ObjectKind, number>> = Object.freeze({
  ClientKey: 16 * MiB,
  CompactPublicKey: 16 * MiB,
  CompressedCompactPublicKey: 16 * MiB,
  CompressedServerKey: 1024 * MiB,
  FheBool: 1 * MiB,
  FheUint: 64 * MiB,
  FheInt: 64 * MiB,
  CompactCiphertextList: 64 * MiB,
  ProvenCompactCiphertextList: 64 * MiB,
  SquashedNoiseFheUint: 64 * MiB,
  SquashedNoiseFheInt: 64 * MiB,
  SquashedNoiseFheBool: 1 * MiB,
  CompressedCiphertextList: 64 * MiB,
  CompressedSquashedNoiseCiphertextList: 64 * MiB,
});

/** Description of one object kind. */
export interface ObjectDescriptor<K extends ObjectKind> {
  kind: K;
  /** The name tfhe-rs writes in the safe_serialize header. */
  typeName: string;
  codec: Codec<ObjectTypes[K]>;
  defaultLimit: number;
}

function describe<K extends ObjectKind>(
  kind: K,
  typeName: string,
  codec: Codec<ObjectTypes[K]>,
): ObjectDescriptor<K> {
  return { kind, typeName, codec, defaultLimit: DEFAULT_SIZE_LIMITS[kind] };
}

/** Every supported object kind. */
export const OBJECTS: { readonly [K in ObjectKind]: ObjectDescriptor<K> } = Object.freeze({
  ClientKey: describe('ClientKey', 'high_level_api::ClientKey', clientKeyCodec),
  CompactPublicKey: describe('CompactPublicKey', 'high_level_api::CompactPublicKey', compactPublicKeyCodec),
  CompressedCompactPublicKey: describe(
    'CompressedCompactPublicKey',
    'high_level_api::CompressedCompactPublicKey',
    compressedCompactPublicKeyCodec,
  ),
  CompressedServerKey: describe(
    'CompressedServerKey',
    'high_level_api::CompressedServerKey',
    compressedServerKeyCodec,
  ),
  FheBool: describe('FheBool', 'high_level_api::FheBool', fheBoolCodec),
  FheUint: describe('FheUint', 'high_level_api::FheUint', fheUintCodec),
  FheInt: describe('FheInt', 'high_level_api::FheInt', fheUintCodec),
  CompactCiphertextList: describe(
    'CompactCiphertextList',
    'high_level_api::CompactCiphertextList',
    compactCiphertextListCodec,
  ),
  ProvenCompactCiphertextList: describe(
    'ProvenCompactCiphertextList',
    'high_level_api::ProvenCompactCiphertextList',
    provenCompactCiphertextListCodec,
  ),
  SquashedNoiseFheUint: describe(
    'SquashedNoiseFheUint',
    'high_level_api::SquashedNoiseFheUint',
    squashedNoiseFheUintCodec,
  ),
  SquashedNoiseFheInt: describe(
    'SquashedNoiseFheInt',
    'high_level_api::SquashedNoiseFheInt',
    squashedNoiseFheUintCodec,
  ),
  SquashedNoiseFheBool: describe(
    'SquashedNoiseFheBool',
    'high_level_api::SquashedNoiseFheBool',
    squashedNoiseFheBoolCodec,
  ),
  CompressedCiphertextList: describe(
    'CompressedCiphertextList',
    'high_level_api::CompressedCiphertextList',
    compressedCiphertextListCodec,
  ),
  CompressedSquashedNoiseCiphertextList: describe(
    'CompressedSquashedNoiseCiphertextList',
    'high_level_api::CompressedSquashedNoiseCiphertextList',
    compressedSquashedNoiseCiphertextListCodec,
  ),
});

function descriptor<K extends ObjectKind>(kind: K): ObjectDescriptor<K> {
  const d = Object.hasOwn(OBJECTS, kind) ? OBJECTS[kind] : undefined;
  if (d === undefined)
    throw new CodecError('InvalidArgument', 'readObject', `unknown object kind ${String(kind)}`);
  return d as ObjectDescriptor<K>;
}

/** Options of readObject / writeObject. */
export interface ObjectOptions {
  /** Size limit in bytes (default: DEFAULT_SIZE_LIMITS[kind]). */
  limit?: number;
  /**
   * readObject: word arrays may be views of `bytes` where aligned instead of copies (ReaderOptions.alias); only for
   * bytes the caller owns and never changes afterwards.
   */
  alias?: boolean;
}

/** Reads a tfhe-rs 1.7 `safe_serialize` blob of the given kind.
 * @example const cpk = readObject('CompactPublicKey', bytes); cpk.polynomialSize // 2048
 */
export function readObject<K extends ObjectKind>(
  kind: K,
  bytes: Uint8Array,
  options: ObjectOptions = {},
): ObjectTypes[K] {
  const d = descriptor(kind);
  return safeDeserialize(bytes, d.typeName, d.codec, {
    limit: options.limit ?? d.defaultLimit,
    root: kind,
    alias: options.alias,
  });
}

/** Writes an object exactly as tfhe-rs 1.7 `safe_serialize` does.
 * @example const bytes = writeObject('FheBool', ct) // node-tfhe FheBool.safe_deserialize accepts it
 */
export function writeObject<K extends ObjectKind>(
  kind: K,
  obj: ObjectTypes[K],
  options: ObjectOptions = {},
): Uint8Array {
  const d = descriptor(kind);
  return safeSerialize(obj, d.typeName, d.codec, { limit: options.limit ?? d.defaultLimit, root: kind });
}

/** The object kind a blob's header announces (FheUint for both FheUint and FheInt names is not conflated).
 * @example objectKindOf(bytes) // 'CompactPublicKey'
 */
export function objectKindOf(bytes: Uint8Array): ObjectKind {
  const name = peekTypeName(bytes);
  for (const d of Object.values(OBJECTS)) if (d.typeName === name) return d.kind;
  throw new CodecError('HeaderMismatch', 'SerializationHeader', `unsupported type ${name}`, 0);
}
