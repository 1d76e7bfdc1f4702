// Validation of client request fields: every check names the field and nothing is started before all pass.

import { getAddress, isAddress } from 'viem';
import type { ParameterSet } from '../../fhe/params/index.ts';
import {
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../mpc/protocols/decryption/blocks.ts';
import { FHE_TYPE_IDS, userDecryptionLayout } from '../../mpc/protocols/decryption/user-decryption.ts';
import type { TypedCiphertext__Output } from '../api/generated/kms/v1/TypedCiphertext.ts';
import { KmsError } from '../errors.ts';
import { parseRequestId } from '../registry/request-id.ts';
import { type SigncryptionReceiver, signcryptionReceiver } from '../signcryption/index.ts';
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

/** A client address: must carry a valid EIP-55 checksum (the reference parses it with `parse_checksummed`). */
export function clientAddressField(value: string | null | undefined, field = 'client_address'): string {
  if (typeof value !== 'string' || !isAddress(value, { strict: false }) || getAddress(value) !== value) {
    throw new KmsError('InvalidArgument', `${field}: expected an EIP-55 checksummed address`);
  }
  return value;
}

/** The user-decryption receiver: `enc_key` must be an ML-KEM-512 encapsulation key (bincode `PublicEncKey` or
 * node-tkms' safe-serialized `UnifiedPublicEncKey`) and the client address valid. */
export function encKeyField(
  encKey: Uint8Array | null | undefined,
  clientAddress: string,
): { encKey: Uint8Array; receiver: SigncryptionReceiver } {
  const bytes = new Uint8Array(encKey ?? []);
  try {
    return { encKey: bytes, receiver: signcryptionReceiver(clientAddress, bytes) };
  } catch (error) {
    throw new KmsError('InvalidArgument', (error as Error).message);
  }
}

/** The domain of a user decryption: required, and its verifying contract must differ from the client address. */
export function userDomainField(
  message: Parameters<typeof domainFromMessage>[0] | null | undefined,
  clientAddress: string,
): Eip712Domain {
  const domain = domainField(message, true)!;
  if (domain.verifyingContract.toLowerCase() === clientAddress.toLowerCase()) {
    throw new KmsError('InvalidArgument', 'domain.verifying_contract: must differ from client_address');
  }
  return domain;
}

/** Ciphertexts of a user decryption: each must be a single value (FheBool / FheUint, or a one-element list). */
export function userCiphertextsField(
  ciphertexts: readonly TypedCiphertext__Output[] | null | undefined,
  params: ParameterSet,
  maxCount: number,
): { plans: DecryptionPlan[]; handles: Uint8Array[]; externalHandles: Uint8Array[] } {
  const listed = ciphertextsField(ciphertexts, params, maxCount);
  const plans = listed.plans.map(singleValuePlan);
  const handles = listed.handles;
  plans.forEach((plan, i) => {
    try {
      userDecryptionLayout(plan);
    } catch (error) {
      throw new KmsError('InvalidArgument', `ciphertexts[${i}]: ${(error as Error).message}`);
    }
    if (FHE_TYPE_IDS[plan.types[0]] !== ciphertexts![i].fhe_type) {
      throw new KmsError(
        'InvalidArgument',
        `ciphertexts[${i}].fhe_type: declared ${ciphertexts![i].fhe_type}, the ciphertext holds ${plan.types[0]}`,
      );
    }
  });
  const externalHandles = ciphertexts!.map((c) => new Uint8Array(c.external_handle ?? []));
  return { plans, handles, externalHandles };
}

/**
 * A compact list holding exactly one value, one digit per LWE (node-tfhe `build()`), decrypts for a user exactly
 * like the radix ciphertext it expands to: its plan gets that value's radix bits per block. Packed lists (two
 * digits per LWE, some only half needed) and lists of several values are left as they are, and refused.
 */
function singleValuePlan(plan: DecryptionPlan): DecryptionPlan {
  if (plan.bitsPerBlock !== 0 || plan.types.length !== 1 || plan.count === 0) return plan;
  const digitBits = plan.types[0] === 'Bool' ? 1 : plan.valueBits[0];
  if (plan.types[0] !== 'Bool' && !plan.valueBits.every((bits) => bits === digitBits)) return plan;
  return { ...plan, bitsPerBlock: digitBits };
}

const FHE_TYPE_NAMES = new Map(Object.entries(FHE_TYPE_IDS).map(([name, id]) => [id, name]));
