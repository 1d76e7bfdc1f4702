// Request ids: 32 bytes as lower-case hex without 0x, as the reference KMS uses for requests, keys and CRSs.
import { KmsError } from '../errors.ts';

const REQUEST_ID = /^[0-9a-f]{64}$/;

/**
 * Validates a request id and returns it; `field` names the request field in the error.
 * @example parseRequestId(req.request_id?.request_id, 'request_id')
 */
export function parseRequestId(value: unknown, field = 'request_id'): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new KmsError('InvalidArgument', `${field} is missing`);
  if (!REQUEST_ID.test(value)) {
    throw new KmsError(
      'InvalidArgument',
      `${field} must be 32 bytes of lower-case hex without 0x (64 characters)`,
    );
  }
  return value;
}

/** True when `value` is a well-formed request id. */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}
