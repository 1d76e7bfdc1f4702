// Errors raised by the storage layer. Each has a `kind` so the service edge can map it to a gRPC status code.
// Messages name data types, ids and prefixes only, never stored bytes.

/** Bad input to a storage call: a malformed id, an unknown data type, a prefix of the wrong role.
 * Raised before anything is written.
 * @example throw new StorageInvalidArgumentError('id: expected 64 lower-case hex characters')
 */
export class StorageInvalidArgumentError extends Error {
  readonly kind = 'InvalidArgument' as const;
  override readonly name = 'StorageInvalidArgumentError';
}

/** The object (or preprocessing id) does not exist.
 * @example if (!(await vault.exists(ref))) throw new StorageNotFoundError('PublicKey/ab12…')
 */
export class StorageNotFoundError extends Error {
  readonly kind = 'NotFound' as const;
  override readonly name = 'StorageNotFoundError';
}

/** The backend could not be reached or answered with an unexpected error; retrying may help.
 * @example throw new StorageUnavailableError('S3 GetObject failed', { cause: err })
 */
export class StorageUnavailableError extends Error {
  readonly kind = 'Unavailable' as const;
  override readonly name = 'StorageUnavailableError';
}

/** Stored data is inconsistent (a counter below zero, a record that does not parse).
 * @example throw new StorageCorruptionError('progress record of 0a…: not valid JSON')
 */
export class StorageCorruptionError extends Error {
  readonly kind = 'Internal' as const;
  override readonly name = 'StorageCorruptionError';
}

/** Any error raised by this layer. */
export type StorageError =
  | StorageInvalidArgumentError
  | StorageNotFoundError
  | StorageUnavailableError
  | StorageCorruptionError
  | PreprocessingExhaustedError;

/** Throws StorageInvalidArgumentError with `message` unless `condition` holds.
 * @example checkArg(Number.isInteger(n), `n: expected an integer, got ${n}`)
 */
export function checkArg(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StorageInvalidArgumentError(message);
}

/** A consumer asked for more preprocessed batches than are stored; nothing was taken.
 * @example catch (e) { if (e instanceof PreprocessingExhaustedError) resumePreprocessing(e.preprocId) }
 */
export class PreprocessingExhaustedError extends Error {
  readonly kind = 'FailedPrecondition' as const;
  override readonly name = 'PreprocessingExhaustedError';
  readonly preprocId: string;
  readonly batchKind: string;
  readonly requested: number;
  readonly available: number;

  constructor(preprocId: string, batchKind: string, requested: number, available: number) {
    super(`preprocessing ${preprocId}: ${batchKind} has ${available} batches, ${requested} requested`);
    this.preprocId = preprocId;
    this.batchKind = batchKind;
    this.requested = requested;
    this.available = available;
  }
}
