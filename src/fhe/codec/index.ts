// Public API of the tfhe-rs wire codec engine (see README.md).
export { CodecError, type CodecErrorKind } from './errors.ts';
export {
  headerSize,
  peekTypeName,
  readHeader,
  SAFE_SERIALIZATION_HEADER_VERSION,
  type SafeSerializeOptions,
  type SerializationHeader,
  safeDeserialize,
  safeSerialize,
  VERSIONING_VERSION,
} from './header.ts';
export {
  bool,
  bytes,
  f64,
  fixed,
  fixedBytes,
  i32,
  string,
  u8,
  u32,
  u64,
  u64Big,
  u64Vec,
  u128,
  u128Vec,
} from './primitives.ts';
export { ByteReader, type ReaderOptions } from './reader.ts';
export {
  type Codec,
  constant,
  type DecodeOptions,
  decode,
  encode,
  enumeration,
  type Infer,
  lazy,
  literalEnum,
  map,
  option,
  refine,
  struct,
  unit,
  unsupported,
  vec,
  versioned,
  versions,
  wrapped,
} from './schema.ts';
export { ByteWriter, utf8Length } from './writer.ts';
