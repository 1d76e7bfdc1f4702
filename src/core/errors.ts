// Typed errors of the core: a kind per failure class, mapped to a gRPC status code in exactly one place.
import { status } from '@grpc/grpc-js';

export type ErrorKind =
  | 'InvalidArgument'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Unavailable'
  | 'ResourceExhausted'
  | 'FailedPrecondition'
  | 'Aborted'
  | 'Unimplemented'
  | 'Internal';

/**
 * An error with a kind that the gRPC edge maps to a status code. Messages must never contain secrets.
 * @example throw new KmsError('NotFound', `no key ${keyId}`);
 */
export class KmsError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = `KmsError(${kind})`;
  }
}

const statusOfKind: Record<ErrorKind, status> = {
  InvalidArgument: status.INVALID_ARGUMENT,
  NotFound: status.NOT_FOUND,
  AlreadyExists: status.ALREADY_EXISTS,
  Unavailable: status.UNAVAILABLE,
  ResourceExhausted: status.RESOURCE_EXHAUSTED,
  FailedPrecondition: status.FAILED_PRECONDITION,
  Aborted: status.ABORTED,
  Unimplemented: status.UNIMPLEMENTED,
  Internal: status.INTERNAL,
};

const KINDS = new Set<string>(Object.keys(statusOfKind));

/**
 * Any thrown value as a KmsError: layers below the core throw their own error classes with a `kind`
 * (InvalidArgument, NotFound, …) that carries over; anything else is Internal with a generic message, so that
 * no internal detail (or secret) reaches a client.
 */
export function asKmsError(error: unknown): KmsError {
  if (error instanceof KmsError) return error;
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    if (typeof kind === 'string' && KINDS.has(kind)) return new KmsError(kind as ErrorKind, error.message);
    if (kind === 'ProtocolAbort') return new KmsError('Aborted', error.message);
  }
  return new KmsError('Internal', 'internal error');
}

/** The gRPC status for any thrown value; unknown errors become INTERNAL with a generic message. */
export function toGrpcStatus(error: unknown): { code: status; details: string } {
  if (error instanceof KmsError) return { code: statusOfKind[error.kind], details: error.message };
  return { code: status.INTERNAL, details: 'internal error' };
}
