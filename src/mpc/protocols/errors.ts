// Errors of protocol code: bad inputs from the caller or from peers, and aborts that name the parties at fault.

/** A malformed input to a protocol (from the caller, or bytes from a peer that do not parse). */
export class ProtocolInputError extends Error {
  readonly kind = 'InvalidArgument' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolInputError';
  }
}

/** The protocol cannot finish; `parties` are the ones found at fault, when known. */
export class ProtocolAbortError extends Error {
  readonly kind = 'ProtocolAbort' as const;
  constructor(
    message: string,
    readonly parties: readonly number[] = [],
  ) {
    super(message);
    this.name = 'ProtocolAbortError';
  }
}
