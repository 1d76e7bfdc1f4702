// Validation of client request fields: every check names the field and nothing is started before all pass.

import { KmsError } from '../errors.ts';
import { parseRequestId } from '../registry/request-id.ts';
import { domainFromMessage, type Eip712Domain } from '../signing/eip712.ts';
import { SigningInvalidArgumentError } from '../signing/errors.ts';

/** A `RequestId` message's id, validated. */
export function requestIdField(message: { request_id?: string } | null | undefined, field: string): string {
  return parseRequestId(message?.request_id, field);
}

const PARAMS: Record<string, string> = { default: 'default', test: 'test', tfhe_default: 'tfhe_default' };

/** The parameter-set name of an `FheParameter` value (proto enums arrive as their names). */
export function paramsField(value: unknown, field = 'params'): string {
  const name = typeof value === 'string' ? PARAMS[value] : undefined;
  if (name === undefined)
    throw new KmsError('InvalidArgument', `${field}: unknown FheParameter ${String(value)}`);
  return name;
}

/** The EIP-712 domain of a request; `required` makes a missing domain an error. */
export function domainField(
  message: Parameters<typeof domainFromMessage>[0] | null | undefined,
  required: boolean,
): Eip712Domain | undefined {
  if (!message) {
    if (required) throw new KmsError('InvalidArgument', 'domain is required');
    return undefined;
  }
  try {
    return domainFromMessage(message);
  } catch (error) {
    if (error instanceof SigningInvalidArgumentError) throw new KmsError('InvalidArgument', error.message);
    throw error;
  }
}

/** `extra_data` bytes (absent = empty). */
export function bytesField(
  value: Uint8Array | null | undefined,
  field: string,
  maxBytes: number,
): Uint8Array {
  const bytes = value ?? new Uint8Array(0);
  if (bytes.length > maxBytes) throw new KmsError('InvalidArgument', `${field}: at most ${maxBytes} bytes`);
  return new Uint8Array(bytes);
}
