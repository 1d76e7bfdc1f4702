// Errors raised by the sharing layer. Each has a `kind` so the service edge can map it to a gRPC status code.
// Messages name parties and counts only, never share or secret values.

/** Why a robust opening gave up. */
export type DecodingFailureReason =
  /** fewer shares arrived than the degree needs, or too many parties were erased for the errors to be corrected */
  | 'TooFewShares'
  /** the shares are not within the correctable distance of any polynomial of the degree */
  | 'NoCodeword'
  /** more parties lied than the bound allows (the decoded polynomial disagrees with too many shares) */
  | 'TooManyErrors';

/**
 * A robust opening could not produce a value it can vouch for. Raised instead of ever returning an unverified
 * value; the caller aborts the protocol run (kind `DecodingFailure`).
 * @example try { openRobust(ring, input) } catch (e) { if (e instanceof DecodingFailureError) abort(e.reason) }
 */
export class DecodingFailureError extends Error {
  readonly kind = 'DecodingFailure' as const;
  override readonly name = 'DecodingFailureError';
  readonly reason: DecodingFailureReason;
  /** Parties already identified as lying or absent when the decoder gave up (1-based). */
  readonly suspectParties: readonly number[];

  constructor(reason: DecodingFailureReason, message: string, suspectParties: readonly number[] = []) {
    super(`decoding failed (${reason}): ${message}`);
    this.reason = reason;
    this.suspectParties = suspectParties;
  }
}
