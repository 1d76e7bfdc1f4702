// The decryption plan of a ciphertext: its LWE blocks, the key they are under, and how the decoded block values
// recombine into plaintexts; plus the checks and helpers the planners share (blocks.ts, list-blocks.ts).
import { radixRecompose } from '../../../fhe/math/radix.ts';
import type { BlockEncoding } from '../../../fhe/math/torus.ts';
import type {
  CompactCiphertextList,
  CompressedSquashedNoiseCiphertextList,
  FheBool,
  FheUint,
  ProvenCompactCiphertextList,
  SquashedNoiseFheBool,
  SquashedNoiseFheUint,
} from '../../../fhe/objects/index.ts';
import type { ParameterSet } from '../../../fhe/params/index.ts';
import type { KeyComponent } from '../key-shares.ts';
import { ProtocolInputError } from './errors.ts';

/** The ciphertext kinds a decryption accepts (tfhe-rs hlapi object kinds). */
export const DECRYPTABLE_KINDS = [
  'FheBool',
  'FheUint',
  'FheInt',
  'CompactCiphertextList',
  'ProvenCompactCiphertextList',
  'SquashedNoiseFheUint',
  'SquashedNoiseFheInt',
  'SquashedNoiseFheBool',
  'CompressedSquashedNoiseCiphertextList',
] as const;
export type DecryptableKind = (typeof DECRYPTABLE_KINDS)[number];

/** A parsed ciphertext with its kind (the in-memory forms of src/fhe/objects carry no tag of their own). */
export type CiphertextInput =
  | { kind: 'FheBool'; ciphertext: FheBool }
  | { kind: 'FheUint' | 'FheInt'; ciphertext: FheUint }
  | { kind: 'CompactCiphertextList'; ciphertext: CompactCiphertextList }
  | { kind: 'ProvenCompactCiphertextList'; ciphertext: ProvenCompactCiphertextList }
  | { kind: 'SquashedNoiseFheUint' | 'SquashedNoiseFheInt'; ciphertext: SquashedNoiseFheUint }
  | { kind: 'SquashedNoiseFheBool'; ciphertext: SquashedNoiseFheBool }
  | { kind: 'CompressedSquashedNoiseCiphertextList'; ciphertext: CompressedSquashedNoiseCiphertextList };

/** One decrypted value: `fheType` is 'Bool', 'Uint<bits>' or 'Int<bits>'. */
export interface Plaintext {
  readonly fheType: string;
  readonly bits: number;
  readonly signed: boolean;
  /** 0n/1n for booleans, two's-complement interpreted for signed types. */
  readonly value: bigint;
}

/** The LWE ciphertexts of one decryption job and how to decode them. */
export interface DecryptionPlan {
  readonly kind: DecryptableKind;
  /** 64 for native TFHE ciphertexts, 128 for squashed-noise ones. */
  readonly modulusBits: 64 | 128;
  /** The key-share component the blocks are under. */
  readonly key: KeyComponent;
  readonly lweDimension: number;
  /** Number of LWE ciphertexts (blocks). */
  readonly count: number;
  /** Back-to-back LWEs: lweDimension mask values then the body; 1 word per value (64) or lo, hi (128). */
  readonly lwes: BigUint64Array;
  readonly encoding: BlockEncoding;
  /** log2 Δ: 64 − 1 − log2(msg·carry), or 128 − 1 − log2(msg·carry). */
  readonly deltaLog2: number;
  /** Per block: how many low bits of round(phase/Δ) the recombination reads (the bits BitDec opens). */
  readonly valueBits: Uint8Array;
  /** Radix bits one block contributes to its value (node-tkms: 2 · packing factor); 0 for a whole list, and for a
   * list element (`PlanOptions.element`) that starts in the high half of a packed LWE. */
  readonly bitsPerBlock: number;
  /** The FHE types of the plaintexts `recombine` returns, in order ('Bool', 'Uint8', 'Int16', …). */
  readonly types: readonly string[];
  /** The plaintexts from the decoded block values (each reduced mod 2^valueBits[i] or not). */
  recombine(blockValues: Uint8Array): Plaintext[];
}

export function fail(message: string): never {
  throw new ProtocolInputError(message);
}

export function log2Exact(what: string, value: number): number {
  const l = Math.log2(value);
  if (!Number.isInteger(l) || l < 1) fail(`${what}: expected a power of two ≥ 2, got ${value}`);
  return l;
}

export function checkModulus(
  what: string,
  modulus: { modulus: bigint; scalarBits: number },
  bits: 64 | 128,
): void {
  if (modulus.scalarBits !== bits || modulus.modulus !== 0n) {
    fail(`${what}: expected the native 2^${bits} ciphertext modulus`);
  }
}

export function checkEncoding(what: string, actual: BlockEncoding, expected: BlockEncoding): void {
  if (actual.messageModulus !== expected.messageModulus || actual.carryModulus !== expected.carryModulus) {
    fail(
      `${what}: message/carry moduli ${actual.messageModulus}/${actual.carryModulus} differ from the parameter set's ${expected.messageModulus}/${expected.carryModulus}`,
    );
  }
}

/** The key and dimension of ciphertexts encrypted with the compute parameters' encryption-key choice. */
export function computeKey(params: ParameterSet): { key: KeyComponent; dimension: number } {
  const c = params.compute;
  return c.encryptionKeyChoice === 'Big'
    ? { key: 'glweKey', dimension: c.glweDimension * c.polynomialSize }
    : { key: 'lweKey', dimension: c.lweDimension };
}

export function typeName(bits: number, signed: boolean): string {
  return `${signed ? 'Int' : 'Uint'}${bits}`;
}

export function radixPlaintext(digits: Uint8Array, msg: number, signed: boolean): Plaintext {
  const bits = digits.length * Math.log2(msg);
  const raw = radixRecompose(digits, msg, bits);
  return { fheType: typeName(bits, signed), bits, signed, value: signed ? BigInt.asIntN(bits, raw) : raw };
}

export function boolPlaintext(value: number): Plaintext {
  return { fheType: 'Bool', bits: 1, signed: false, value: BigInt(value & 1) };
}

export function checkBlockValues(plan: { count: number }, values: Uint8Array): void {
  if (!(values instanceof Uint8Array) || values.length !== plan.count) {
    fail(`blockValues: expected ${plan.count} block values`);
  }
}
