// Validation of client request fields: every check names the field and nothing is started before all pass.

import type { ParameterSet } from '../../fhe/params/index.ts';
import {
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../mpc/protocols/decryption/blocks.ts';
import { FHE_TYPE_IDS } from '../../mpc/protocols/decryption/user-decryption.ts';
import type { TypedCiphertext__Output } from '../api/generated/kms/v1/TypedCiphertext.ts';
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

/** A TypedCiphertext list, parsed and planned for decryption under a key of parameter set `params`. */
export function ciphertextsField(
  ciphertexts: readonly TypedCiphertext__Output[] | null | undefined,
  params: ParameterSet,
  maxCount: number,
): { plans: DecryptionPlan[]; handles: Uint8Array[] } {
  if (!ciphertexts || ciphertexts.length === 0)
    throw new KmsError('InvalidArgument', 'ciphertexts: at least one is required');
  if (ciphertexts.length > maxCount)
    throw new KmsError('InvalidArgument', `ciphertexts: at most ${maxCount}`);
  const plans: DecryptionPlan[] = [];
  const handles: Uint8Array[] = [];
  ciphertexts.forEach((typed, i) => {
    const field = `ciphertexts[${i}]`;
    const handle = typed.external_handle ?? Buffer.alloc(0);
    if (handle.length > 32)
      throw new KmsError('InvalidArgument', `${field}.external_handle: at most 32 bytes`);
    let plan: DecryptionPlan;
    try {
      plan = planDecryption(parseCiphertext(new Uint8Array(typed.ciphertext ?? [])), params);
    } catch (error) {
      throw new KmsError('InvalidArgument', `${field}: ${(error as Error).message}`);
    }
    // A single value must have the declared type; a compact list yields its elements in order.
    const declared = FHE_TYPE_NAMES.get(typed.fhe_type);
    if (declared === undefined)
      throw new KmsError('InvalidArgument', `${field}.fhe_type: unknown FheTypes ${typed.fhe_type}`);
    if (plan.types.length === 1 && plan.types[0] !== declared) {
      throw new KmsError(
        'InvalidArgument',
        `${field}.fhe_type: declared ${declared}, the ciphertext is ${plan.types[0]}`,
      );
    }
    plans.push(plan);
    const padded = new Uint8Array(32);
    padded.set(handle, 32 - handle.length);
    handles.push(padded);
  });
  return { plans, handles };
}

const FHE_TYPE_NAMES = new Map(Object.entries(FHE_TYPE_IDS).map(([name, id]) => [id, name]));
