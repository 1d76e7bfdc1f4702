// Errors raised by the algebra layer. Each has a `kind` so the service edge can map it to a gRPC status code.

/** Bad input to an algebra function: a wrong length, an out-of-range index, a non-unit to invert.
 * @example throw new InvalidArgumentError('x: expected a unit (nonzero mod 2)')
 */
export class InvalidArgumentError extends Error {
  readonly kind = 'InvalidArgument' as const;
  override readonly name = 'InvalidArgumentError';
}

/** Throws InvalidArgumentError with `message` unless `condition` holds.
 * @example check(count >= 0, `count: expected a non-negative integer, got ${count}`)
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvalidArgumentError(message);
}

/** Asserts that `n` is an integer in [min, max]; `name` is used in the message.
 * @example checkInteger('degree', d, 3, 8)
 */
export function checkInteger(name: string, n: number, min: number, max: number): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${name}: expected an integer in [${min}, ${max}], got ${n}`);
  }
}
