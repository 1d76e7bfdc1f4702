// tfhe-safe-serialize 0.1 framing: SerializationHeader { header_version: "0.5", versioning_mode: Versioned {
// versioning_version: "0.1" } (u32 0), name: <type name> } followed by the versioned object (bincode fixint).
import { CodecError } from './errors.ts';
import { ByteReader } from './reader.ts';
import type { Codec } from './schema.ts';
import { ByteWriter, utf8Length } from './writer.ts';

export const SAFE_SERIALIZATION_HEADER_VERSION = '0.5';
export const VERSIONING_VERSION = '0.1';

/** The parsed safe_serialize header. */
export interface SerializationHeader {
  headerVersion: string;
  /** Versioned (u32 0) with its versioning version, or Unversioned (u32 1) with the crate version. */
  versioning:
    | { mode: 'Versioned'; versioningVersion: string }
    | { mode: 'Unversioned'; crateVersion: string };
  name: string;
}

/** Byte length of the header for a type name: 34 + len(name). */
export function headerSize(typeName: string): number {
  return (
    8 +
    utf8Length(SAFE_SERIALIZATION_HEADER_VERSION) +
    4 +
    8 +
    utf8Length(VERSIONING_VERSION) +
    8 +
    utf8Length(typeName)
  );
}

/** Reads the header fields without judging them. */
export function readHeader(r: ByteReader): SerializationHeader {
  r.enter('header');
  const headerVersion = r.string();
  const at = r.offset;
  const mode = r.u32();
  let versioning: SerializationHeader['versioning'];
  if (mode === 0) versioning = { mode: 'Versioned', versioningVersion: r.string() };
  else if (mode === 1) versioning = { mode: 'Unversioned', crateVersion: r.string() };
  else r.fail('UnknownVariant', `unknown versioning mode ${mode}`, at);
  const name = r.string();
  r.leave();
  return { headerVersion, versioning, name };
}

/** Options of safeDeserialize / safeSerialize. */
export interface SafeSerializeOptions {
  /** Size limit in bytes, like tfhe-rs' `serialized_size_limit`. */
  limit: number;
  /** Object name for error paths (defaults to the last segment of the type name). */
  root?: string;
  /** Word arrays may be views of the input where it is 8-byte aligned (see ReaderOptions.alias). */
  alias?: boolean;
}

function rootOf(typeName: string, options: SafeSerializeOptions): string {
  return options.root ?? typeName.slice(typeName.lastIndexOf(':') + 1);
}

/** Reads a tfhe-rs `safe_serialize` blob of type `typeName` (e.g. "high_level_api::FheUint"): checks the size
 * limit, the header (version 0.5, Versioned 0.1, type name), reads the object and rejects trailing bytes.
 * @example safeDeserialize(bytes, 'high_level_api::FheBool', fheBoolCodec, { limit: 1 << 20 })
 */
export function safeDeserialize<T>(
  input: Uint8Array,
  typeName: string,
  codec: Codec<T>,
  options: SafeSerializeOptions,
): T {
  const root = rootOf(typeName, options);
  if (!(input instanceof Uint8Array))
    throw new CodecError('InvalidArgument', root, 'input: expected a Uint8Array');
  if (input.length > options.limit) {
    throw new CodecError(
      'SizeLimitExceeded',
      root,
      `input of ${input.length} bytes exceeds the size limit of ${options.limit}`,
      0,
    );
  }
  const r = new ByteReader(input, { root, limit: options.limit, alias: options.alias });
  const h = readHeader(r);
  r.enter('header');
  if (h.headerVersion !== SAFE_SERIALIZATION_HEADER_VERSION) {
    r.fail('HeaderMismatch', `header version ${JSON.stringify(h.headerVersion)}, expected "0.5"`, 0);
  }
  if (h.versioning.mode !== 'Versioned' || h.versioning.versioningVersion !== VERSIONING_VERSION) {
    r.fail('HeaderMismatch', `versioning ${JSON.stringify(h.versioning)}, expected Versioned "0.1"`, 0);
  }
  if (h.name !== typeName) r.fail('HeaderMismatch', `expected type ${typeName}, got type ${h.name}`, 0);
  r.leave();
  const v = codec.read(r);
  if (r.remaining !== 0) r.fail('TrailingBytes', `${r.remaining} bytes left after the end of the object`);
  return v;
}

/** Writes `value` as tfhe-rs `safe_serialize` does: header then the versioned object.
 * @example safeSerialize(ct, 'high_level_api::FheBool', fheBoolCodec, { limit: 1 << 20 })
 */
export function safeSerialize<T>(
  value: T,
  typeName: string,
  codec: Codec<T>,
  options: SafeSerializeOptions,
): Uint8Array {
  const root = rootOf(typeName, options);
  try {
    const size = headerSize(typeName) + codec.size(value);
    if (size > options.limit) {
      throw new CodecError(
        'SizeLimitExceeded',
        root,
        `serialized size ${size} exceeds the size limit of ${options.limit}`,
      );
    }
    const w = new ByteWriter(size, root);
    w.string(SAFE_SERIALIZATION_HEADER_VERSION);
    w.u32(0);
    w.string(VERSIONING_VERSION);
    w.string(typeName);
    codec.write(w, value);
    return w.finish();
  } catch (e) {
    // A value without the documented shape (missing field, wrong array type) surfaces as a TypeError or RangeError
    // inside the codecs; report it as what it is, a bad argument.
    if (e instanceof CodecError) throw e;
    throw new CodecError('InvalidArgument', root, `malformed ${root} value: ${(e as Error).message}`);
  }
}

/** Peeks at the type name of a safe_serialize blob (for dispatch), or throws a CodecError. */
export function peekTypeName(input: Uint8Array): string {
  const r = new ByteReader(input, { root: 'SerializationHeader', limit: Math.min(input.length, 1 << 16) });
  return readHeader(r).name;
}
