// Typed errors of the CRS layer. Every rejection of a serialized or in-memory CompactPkeCrs is a CrsError whose
// `kind` says which rule failed and whose `path` names the field (e.g. "g_list[17]", "params.n").
import type { CurveErrorKind } from '../bls446/errors.ts';

/** Which rule a CRS input broke. */
export type CrsErrorKind =
  /** a caller passed a wrong type, length or range (a programming error, not bad data) */
  | 'InvalidArgument'
  /** fewer bytes than a field needs, or a length prefix larger than what remains */
  | 'Truncated'
  /** the input is larger than the caller's size limit */
  | 'SizeLimitExceeded'
  /** the safe_serialize header does not announce a zk::CompactPkeCrs in the supported format */
  | 'HeaderMismatch'
  /** a tfhe-versionable tag or enum variant this reader does not know (e.g. a PKEv1 CRS) */
  | 'UnknownVersion'
  /** a field value outside its domain (bool not 0/1, oversized usize, domain separators of the wrong length) */
  | 'InvalidValue'
  /** bytes left after the object */
  | 'TrailingBytes'
  /** the scalar parameters are not the ones tfhe-zk-pok derives (has_valid_params) or not the expected ones */
  | 'InvalidParams'
  /** list lengths, the puncture at g_{n+1} or an infinity point elsewhere */
  | 'InvalidStructure'
  /** a point that is badly encoded, off the curve or outside the prime-order subgroup (see `pointError`) */
  | 'InvalidPoint';

/** Error raised by CRS decoding, validation, generation and verification.
 * @example try { loadCrs(bytes) } catch (e) { if (e instanceof CrsError && e.kind === 'InvalidPoint') … }
 */
export class CrsError extends Error {
  override readonly name = 'CrsError';
  readonly kind: CrsErrorKind;
  /** Field path of the offending value. */
  readonly path: string;
  /** For InvalidPoint: what the curve layer found wrong with the point. */
  readonly pointError: CurveErrorKind | undefined;

  constructor(
    kind: CrsErrorKind,
    path: string,
    detail: string,
    pointError?: CurveErrorKind,
    cause?: unknown,
  ) {
    super(`${path}: ${detail}`, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.path = path;
    this.pointError = pointError;
  }
}

/** Throws CrsError('InvalidArgument') unless `condition` holds.
 * @example checkCrsArg(Number.isInteger(n), 'maxNumBits', 'expected an integer')
 */
export function checkCrsArg(condition: boolean, path: string, detail: string): asserts condition {
  if (!condition) throw new CrsError('InvalidArgument', path, detail);
}
