// Errors of the signing module. Each has a `kind` so the service edge can map it to a gRPC status code.
// Messages name addresses and lengths only, never key bytes.

/** Bad input: a malformed domain, id, digest or signature.
 * @example throw new SigningInvalidArgumentError('signature: expected 65 bytes, got 64')
 */
export class SigningInvalidArgumentError extends Error {
  readonly kind = 'InvalidArgument' as const;
  override readonly name = 'SigningInvalidArgumentError';
}

/** Stored identity material is inconsistent: the published verification key or address does not belong to the
 * stored signing key (the reference refuses to boot then).
 * @example throw new IdentityMismatchError('VerfAddress 0xAb… does not match the signing key')
 */
export class IdentityMismatchError extends Error {
  readonly kind = 'FailedPrecondition' as const;
  override readonly name = 'IdentityMismatchError';
}

/** Throws SigningInvalidArgumentError with `message` unless `condition` holds. */
export function checkSigningArg(condition: boolean, message: string): asserts condition {
  if (!condition) throw new SigningInvalidArgumentError(message);
}
