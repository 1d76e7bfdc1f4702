// Errors raised by PRSS and preprocessing. Each has a `kind` that the service edge maps to a gRPC status code.

/** The kinds of failure: bad input from the caller, or a protocol that cannot complete (too many cheaters). */
export type PrssErrorKind = 'InvalidArgument' | 'ProtocolAbort';

/**
 * An error with a kind; `parties` names the parties held responsible for a protocol abort, if any.
 * @example throw new PrssError('ProtocolAbort', 'party 3 opened a commitment wrongly', [3])
 */
export class PrssError extends Error {
  override readonly name = 'PrssError';
  constructor(
    readonly kind: PrssErrorKind,
    message: string,
    readonly parties: readonly number[] = [],
  ) {
    super(message);
  }
}
