// Validation of client request fields: every check names the field and nothing is started before all pass.

import { getAddress, isAddress } from 'viem';
import type { ParameterSet } from '../../fhe/params/index.ts';
import {
  type CiphertextInput,
  type DecryptableKind,
  type DecryptionPlan,
  parseCiphertext,
  planDecryption,
} from '../../mpc/protocols/decryption/blocks.ts';
import { FHE_TYPE_IDS, userDecryptionLayout } from '../../mpc/protocols/decryption/user-decryption.ts';
import { CiphertextFormat, type CiphertextFormat__Output } from '../api/generated/kms/v1/CiphertextFormat.ts';
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

const SMALL_KINDS: readonly DecryptableKind[] = [
  'FheBool',
  'FheUint',
  'FheInt',
  'CompactCiphertextList',
  'ProvenCompactCiphertextList',
];
const LIST_KINDS: readonly DecryptableKind[] = ['CompactCiphertextList', 'ProvenCompactCiphertextList'];
const SQUASHED_KINDS: readonly DecryptableKind[] = [
  'SquashedNoiseFheBool',
  'SquashedNoiseFheUint',
  'SquashedNoiseFheInt',
];

/**
 * The ciphertext kinds each CiphertextFormat admits. The reference clients label everything 64-bit Small*, so
 * 0 and 1 stay valid for every 64-bit kind (lists included); Big* means 128-bit noise-squashed, BigCompressed
 * also the compressed squashed-noise list (tfhe-rs' compact 128-bit form); SmallCompactList
 * names node-tfhe's (proven) compact lists, which none of the reference values describes.
 */
export const FORMAT_KINDS: Readonly<Record<CiphertextFormat__Output, readonly DecryptableKind[]>> = {
  SmallCompressed: SMALL_KINDS,
  SmallExpanded: SMALL_KINDS,
  BigCompressed: [...SQUASHED_KINDS, 'CompressedSquashedNoiseCiphertextList'],
  BigExpanded: SQUASHED_KINDS,
  SmallCompactList: LIST_KINDS,
};

const FORMAT_NAMES = Object.keys(CiphertextFormat) as CiphertextFormat__Output[];

/**
 * Checks a declared `ciphertext_format` (an enum name, or a number when the value is unknown to this proto or
 * sent numerically) against the kind the ciphertext bytes hold.
 * @example ciphertextFormatField('SmallCompactList', 'CompactCiphertextList', 'ciphertexts[0].ciphertext_format')
 */
export function ciphertextFormatField(value: unknown, kind: DecryptableKind, field: string): void {
  const name = typeof value === 'number' ? FORMAT_NAMES[value] : (value ?? 'SmallCompressed');
  if (typeof name !== 'string' || !Object.hasOwn(FORMAT_KINDS, name))
    throw new KmsError('InvalidArgument', `${field}: unknown CiphertextFormat ${String(value)}`);
  const admitted = FORMAT_KINDS[name as CiphertextFormat__Output];
  if (!admitted.includes(kind)) {
    const fits = FORMAT_NAMES.filter((f) => FORMAT_KINDS[f].includes(kind)).join(' or ');
    throw new KmsError(
      'InvalidArgument',
      `${field}: declared ${name}, the bytes hold a ${kind} (use ${fits})`,
    );
  }
}

/** One parsed request ciphertext: its input, the plan of all its values and its 32-byte handle. */
interface ParsedCiphertext {
  readonly input: CiphertextInput;
  readonly plan: DecryptionPlan;
  readonly handle: Uint8Array;
}

/** The bytes of a decoded `bytes` field as a plain Uint8Array over the same memory (the parsers copy what they
 * keep): a ciphertext is not copied once more per request. */
function bytesView(bytes: Uint8Array | null | undefined): Uint8Array {
  if (!bytes) return new Uint8Array(0);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function parsedCiphertexts(
  ciphertexts: readonly TypedCiphertext__Output[] | null | undefined,
  params: ParameterSet,
  maxCount: number,
): ParsedCiphertext[] {
  if (!ciphertexts || ciphertexts.length === 0)
    throw new KmsError('InvalidArgument', 'ciphertexts: at least one is required');
  if (ciphertexts.length > maxCount)
    throw new KmsError('InvalidArgument', `ciphertexts: at most ${maxCount}`);
  return ciphertexts.map((typed, i) => {
    const field = `ciphertexts[${i}]`;
    const handle = typed.external_handle ?? Buffer.alloc(0);
    if (handle.length > 32)
      throw new KmsError('InvalidArgument', `${field}.external_handle: at most 32 bytes`);
    let input: CiphertextInput;
    let plan: DecryptionPlan;
    try {
      input = parseCiphertext(bytesView(typed.ciphertext));
      plan = planDecryption(input, params);
    } catch (error) {
      throw new KmsError('InvalidArgument', `${field}: ${(error as Error).message}`);
    }
    ciphertextFormatField(typed.ciphertext_format, input.kind, `${field}.ciphertext_format`);
    // A single value must have the declared type; a list of several yields its elements' own types.
    const declared = FHE_TYPE_NAMES.get(typed.fhe_type);
    if (declared === undefined)
      throw new KmsError('InvalidArgument', `${field}.fhe_type: unknown FheTypes ${typed.fhe_type}`);
    if (plan.types.length === 1 && plan.types[0] !== declared) {
      throw new KmsError(
        'InvalidArgument',
        `${field}.fhe_type: declared ${declared}, the ciphertext is ${plan.types[0]}`,
      );
    }
    const padded = new Uint8Array(32);
    padded.set(handle, 32 - handle.length);
    return { input, plan, handle: padded };
  });
}

/** A TypedCiphertext list, parsed and planned for decryption under a key of parameter set `params`. */
export function ciphertextsField(
  ciphertexts: readonly TypedCiphertext__Output[] | null | undefined,
  params: ParameterSet,
  maxCount: number,
): { plans: DecryptionPlan[]; handles: Uint8Array[] } {
  const parsed = parsedCiphertexts(ciphertexts, params, maxCount);
  return { plans: parsed.map((c) => c.plan), handles: parsed.map((c) => c.handle) };
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

/**
 * Ciphertexts of a user decryption. Each value becomes one response entry, in request order: FheBool / FheUint
 * (squashed or not) one, a compact, proven or compressed squashed list one per element in list order, each carrying the
 * list's external handle. `handles` (one per ciphertext, padded) is what the EIP-712 link signs;
 * `externalHandles` and `plans` are per value.
 */
export function userCiphertextsField(
  ciphertexts: readonly TypedCiphertext__Output[] | null | undefined,
  params: ParameterSet,
  maxCount: number,
): { plans: DecryptionPlan[]; handles: Uint8Array[]; externalHandles: Uint8Array[] } {
  const parsed = parsedCiphertexts(ciphertexts, params, maxCount);
  const plans: DecryptionPlan[] = [];
  const externalHandles: Uint8Array[] = [];
  parsed.forEach(({ input, plan }, i) => {
    const field = `ciphertexts[${i}]`;
    const values = valuePlans(input, plan, params, field);
    values.forEach((value, j) => {
      const at = values.length > 1 ? `${field} value ${j}` : field;
      try {
        userDecryptionLayout(value);
      } catch (error) {
        throw new KmsError('InvalidArgument', `${at}: ${(error as Error).message}`);
      }
      plans.push(value);
      externalHandles.push(new Uint8Array(ciphertexts![i].external_handle ?? []));
    });
  });
  return { plans, handles: parsed.map((c) => c.handle), externalHandles };
}

/**
 * One plan per value: a radix or squashed ciphertext is its own; a list is planned element by element (only the
 * LWEs holding that element's digits). A packed-list element that starts in the high half of an LWE cannot be
 * handed to a user: node-tkms rebuilds a value from whole blocks of 2 · packing_factor bits starting at bit 0,
 * and the low half (the previous value's digit) cannot be removed from a share without opening it.
 */
function valuePlans(
  input: CiphertextInput,
  plan: DecryptionPlan,
  params: ParameterSet,
  field: string,
): DecryptionPlan[] {
  if (
    input.kind !== 'CompactCiphertextList' &&
    input.kind !== 'ProvenCompactCiphertextList' &&
    input.kind !== 'CompressedSquashedNoiseCiphertextList'
  )
    return [plan];
  if (plan.types.length === 0) throw new KmsError('InvalidArgument', `${field}: the list holds no value`);
  return plan.types.map((_, element) => {
    const value = planDecryption(input, params, { element });
    if (value.bitsPerBlock === 0) {
      throw new KmsError(
        'InvalidArgument',
        `${field} value ${element}: starts in the high half of a packed block, which a user decryption cannot return on its own (build the list unpacked: in a packed list only a value after an even number of Booleans can be returned)`,
      );
    }
    return value;
  });
}

const FHE_TYPE_NAMES = new Map(Object.entries(FHE_TYPE_IDS).map(([name, id]) => [id, name]));

/**
 * The `participants` of a DecryptStream public decryption: undefined when empty (all parties); else at least
 * 2t + 1 distinct party ids in [1, n], `self` among them, ascending, for 128-bit plans only (NoiseFlood opens
 * from 2t + 1 shares; BitDec needs every party).
 */
export function participantsField(
  values: readonly number[] | null | undefined,
  plans: readonly { modulusBits: number }[],
  cluster: { numParties: number; threshold: number; partyIndex: number },
): number[] | undefined {
  if (!values || values.length === 0) return undefined;
  const { numParties: n, threshold: t, partyIndex } = cluster;
  const parties = [...new Set(values)].sort((a, b) => a - b);
  if (parties.length !== values.length)
    throw new KmsError('InvalidArgument', 'participants: a party is listed twice');
  if (parties.some((p) => !Number.isInteger(p) || p < 1 || p > n))
    throw new KmsError('InvalidArgument', `participants: party ids must lie in [1, ${n}]`);
  if (parties.length < 2 * t + 1)
    throw new KmsError(
      'InvalidArgument',
      `participants: at least 2t + 1 = ${2 * t + 1} parties, got ${parties.length}`,
    );
  if (!parties.includes(partyIndex))
    throw new KmsError('InvalidArgument', `participants: this party (${partyIndex}) is not among them`);
  if (plans.some((plan) => plan.modulusBits !== 128))
    throw new KmsError(
      'InvalidArgument',
      'participants: only for noise-squashed (128-bit) ciphertexts; 64-bit ones are decrypted by all parties',
    );
  return parties.length === n ? undefined : parties;
}
