// Errors of the decryption protocols. Bad ciphertexts and arguments are ProtocolInputError (kind InvalidArgument),
// runs that cannot finish are ProtocolAbortError (naming the parties at fault); an empty preprocessing pool is
// its own kind, so a caller can refill and retry instead of failing the request.
export { ProtocolAbortError, ProtocolInputError } from '../errors.ts';

/** The BitDec preprocessing pool holds fewer triples or bits than a request needs (nothing was consumed). */
export class PreprocessingExhaustedError extends Error {
  readonly kind = 'Unavailable' as const;
  override readonly name = 'PreprocessingExhaustedError';

  constructor(
    readonly needed: { triples: number; bits: number },
    readonly available: { triples: number; bits: number },
  ) {
    super(
      `preprocessing pool exhausted: need ${needed.triples} triples and ${needed.bits} bits, have ${available.triples} and ${available.bits}`,
    );
  }
}
