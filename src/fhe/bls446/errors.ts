// Typed errors of the BLS12-446 layer. `kind` says what failed, `argument` names the input that was rejected, so
// the service edge can map every failure to InvalidArgument with a message a caller can act on.

/** What was wrong with a curve input. */
export type CurveErrorKind =
  /** wrong JS type, length or range of an argument (a caller bug) */
  | 'InvalidArgument'
  /** bytes that do not follow the tfhe-zk-pok point encoding (tags, lengths, truncation, value ≥ p) */
  | 'InvalidEncoding'
  /** coordinates that do not satisfy the curve equation, or a compressed x without a matching y */
  | 'NotOnCurve'
  /** a curve point outside the prime-order subgroup */
  | 'NotInSubgroup'
  /** the point at infinity where a non-zero point is required */
  | 'Infinity';

/** Error raised by every exported BLS12-446 function on bad input.
 * @example try { decodeG1(bytes) } catch (e) { if (e instanceof CurveError && e.kind === 'NotOnCurve') … }
 */
export class CurveError extends Error {
  override readonly name = 'CurveError';
  readonly kind: CurveErrorKind;
  /** Name of the rejected argument (or field path), e.g. "scalar" or "g_list[17]". */
  readonly argument: string;

  constructor(kind: CurveErrorKind, argument: string, detail: string) {
    super(`${argument}: ${detail}`);
    this.kind = kind;
    this.argument = argument;
  }
}

/** Throws CurveError('InvalidArgument') unless `condition` holds.
 * @example checkArg(bytes instanceof Uint8Array, 'bytes', 'expected a Uint8Array')
 */
export function checkArg(condition: boolean, argument: string, detail: string): asserts condition {
  if (!condition) throw new CurveError('InvalidArgument', argument, detail);
}
