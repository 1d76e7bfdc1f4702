// Typed errors of the tfhe-rs wire codec. Every malformed input is reported as a CodecError whose `path` names
// the object and the field being read (e.g. "CompactPublicKey.key.body"), so a bad upload can be diagnosed
// from the message alone.

/** What went wrong while reading or writing a serialized object. */
export type CodecErrorKind =
  /** fewer bytes left than a fixed-size field needs */
  | 'Truncated'
  /** a length prefix asks for more bytes than remain in the input */
  | 'LengthExceedsRemaining'
  /** the object, or a length inside it, is larger than the configured size limit */
  | 'SizeLimitExceeded'
  /** a tfhe-versionable version tag this codec does not know */
  | 'UnknownVersion'
  /** an enum variant index this codec does not know */
  | 'UnknownVariant'
  /** a field has a value outside its domain (bool not 0/1, usize above 2^53, bad UTF-8, inconsistent sizes) */
  | 'InvalidValue'
  /** bytes left after the object ended */
  | 'TrailingBytes'
  /** the safe_serialize header does not announce the expected type or format version */
  | 'HeaderMismatch'
  /** a variant that exists in tfhe-rs but is not implemented by this codec (e.g. multi-bit PBS) */
  | 'Unsupported'
  /** an in-memory value handed to a writer does not fit the wire format */
  | 'InvalidArgument';

/** Error raised by every codec read or write.
 * @example
 * try { readObject('CompactPublicKey', bytes) } catch (e) { if (e instanceof CodecError && e.kind === 'Truncated') … }
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly kind: CodecErrorKind;
  /** Dotted field path, starting with the object name. */
  readonly path: string;
  /** Byte offset in the input where the failing read started (-1 for writes). */
  readonly offset: number;

  constructor(kind: CodecErrorKind, path: string, detail: string, offset = -1) {
    super(`${path}: ${detail}`);
    this.kind = kind;
    this.path = path;
    this.offset = offset;
  }
}
