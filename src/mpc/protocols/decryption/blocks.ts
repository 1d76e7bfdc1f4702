// Ciphertext → LWE blocks: what a threshold decryption decrypts, under which secret key, and how the decoded
// block values recombine into the plaintexts of the FHE type. Mirrors the plain decryption of src/fhe/math
// (decrypt.ts) block for block, so the plain decryption is the oracle of every protocol here.
//
// Which key (tfhe-interop §7.3): radix ciphertexts of the Big encryption-key choice are under the GLWE key read as
// an LWE key (k·N); compact and proven lists under the dedicated compact key when the parameter set has one, else
// under the big key; squashed-noise ciphertexts under the noise-squashing GLWE key, modulo 2^128.
import { CodecError } from '../../../fhe/codec/errors.ts';
import { compactListLwe } from '../../../fhe/math/compact.ts';
import { radixRecompose, unpackCompactBlocks } from '../../../fhe/math/radix.ts';
import { type BlockEncoding, deltaLog2 as deltaLog2Of } from '../../../fhe/math/torus.ts';
import {
  type CompactCiphertextList,
  type DataKind,
  type FheBool,
  type FheUint,
  type ObjectKind,
  objectKindOf,
  type ProvenCompactCiphertextList,
  readObject,
  type ShortintCiphertext,
  type ShortintCompactCiphertextList,
  type SquashedNoiseCiphertext,
  type SquashedNoiseFheBool,
  type SquashedNoiseFheUint,
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
] as const;
export type DecryptableKind = (typeof DECRYPTABLE_KINDS)[number];

/** A parsed ciphertext with its kind (the in-memory forms of src/fhe/objects carry no tag of their own). */
export type CiphertextInput =
  | { kind: 'FheBool'; ciphertext: FheBool }
  | { kind: 'FheUint' | 'FheInt'; ciphertext: FheUint }
  | { kind: 'CompactCiphertextList'; ciphertext: CompactCiphertextList }
  | { kind: 'ProvenCompactCiphertextList'; ciphertext: ProvenCompactCiphertextList }
  | { kind: 'SquashedNoiseFheUint' | 'SquashedNoiseFheInt'; ciphertext: SquashedNoiseFheUint }
  | { kind: 'SquashedNoiseFheBool'; ciphertext: SquashedNoiseFheBool };

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
  /** Radix bits one block contributes to its value (node-tkms: 2 · packing factor); 0 for lists. */
  readonly bitsPerBlock: number;
  /** The FHE types of the plaintexts `recombine` returns, in order ('Bool', 'Uint8', 'Int16', …). */
  readonly types: readonly string[];
  /** The plaintexts from the decoded block values (each reduced mod 2^valueBits[i] or not). */
  recombine(blockValues: Uint8Array): Plaintext[];
}

function fail(message: string): never {
  throw new ProtocolInputError(message);
}

/**
 * Parses a tfhe-rs safe-serialized ciphertext into a CiphertextInput; a wrong kind or malformed bytes throw
 * ProtocolInputError naming the problem.
 * @example const input = parseCiphertext(bytes); const plan = planDecryption(input, params);
 */
export function parseCiphertext(bytes: Uint8Array, expectedKind?: DecryptableKind): CiphertextInput {
  if (!(bytes instanceof Uint8Array)) fail('ciphertext: expected bytes');
  let kind: ObjectKind;
  try {
    kind = objectKindOf(bytes);
  } catch (error) {
    fail(`ciphertext: unreadable header (${(error as Error).message})`);
  }
  if (!(DECRYPTABLE_KINDS as readonly string[]).includes(kind)) {
    fail(`ciphertext: a ${kind} is not a decryptable ciphertext`);
  }
  if (expectedKind !== undefined && kind !== expectedKind) {
    fail(`ciphertext: expected a ${expectedKind}, got a ${kind}`);
  }
  try {
    return { kind, ciphertext: readObject(kind, bytes) } as CiphertextInput;
  } catch (error) {
    if (error instanceof CodecError) fail(`ciphertext: malformed ${kind} (${error.message})`);
    throw error;
  }
}

function log2Exact(what: string, value: number): number {
  const l = Math.log2(value);
  if (!Number.isInteger(l) || l < 1) fail(`${what}: expected a power of two ≥ 2, got ${value}`);
  return l;
}

function checkModulus(what: string, modulus: { modulus: bigint; scalarBits: number }, bits: 64 | 128): void {
  if (modulus.scalarBits !== bits || modulus.modulus !== 0n) {
    fail(`${what}: expected the native 2^${bits} ciphertext modulus`);
  }
}

function checkEncoding(what: string, actual: BlockEncoding, expected: BlockEncoding): void {
  if (actual.messageModulus !== expected.messageModulus || actual.carryModulus !== expected.carryModulus) {
    fail(
      `${what}: message/carry moduli ${actual.messageModulus}/${actual.carryModulus} differ from the parameter set's ${expected.messageModulus}/${expected.carryModulus}`,
    );
  }
}

/** The key and dimension of ciphertexts encrypted with the compute parameters' encryption-key choice. */
function computeKey(params: ParameterSet): { key: KeyComponent; dimension: number } {
  const c = params.compute;
  return c.encryptionKeyChoice === 'Big'
    ? { key: 'glweKey', dimension: c.glweDimension * c.polynomialSize }
    : { key: 'lweKey', dimension: c.lweDimension };
}

function typeName(bits: number, signed: boolean): string {
  return `${signed ? 'Int' : 'Uint'}${bits}`;
}

function radixPlaintext(digits: Uint8Array, msg: number, signed: boolean): Plaintext {
  const bits = digits.length * Math.log2(msg);
  const raw = radixRecompose(digits, msg, bits);
  return { fheType: typeName(bits, signed), bits, signed, value: signed ? BigInt.asIntN(bits, raw) : raw };
}

function boolPlaintext(value: number): Plaintext {
  return { fheType: 'Bool', bits: 1, signed: false, value: BigInt(value & 1) };
}

function checkBlockValues(plan: { count: number }, values: Uint8Array): void {
  if (!(values instanceof Uint8Array) || values.length !== plan.count) {
    fail(`blockValues: expected ${plan.count} block values`);
  }
}

/** Concatenates 64-bit shortint blocks after checking each against the expected key dimension and encoding. */
function shortintBlocks(
  what: string,
  blocks: readonly ShortintCiphertext[],
  dimension: number,
  encoding: BlockEncoding,
): BigUint64Array {
  const lwes = new BigUint64Array(blocks.length * (dimension + 1));
  blocks.forEach((block, i) => {
    const at = `${what}.blocks[${i}]`;
    checkModulus(at, block.ct.ciphertextModulus, 64);
    checkEncoding(at, block, encoding);
    if (block.ct.data.length !== dimension + 1) {
      fail(`${at}: LWE dimension ${block.ct.data.length - 1}, expected ${dimension} (the key's)`);
    }
    lwes.set(block.ct.data, i * (dimension + 1));
  });
  return lwes;
}

function planRadix(
  kind: 'FheUint' | 'FheInt' | 'FheBool',
  blocks: ShortintCiphertext[],
  params: ParameterSet,
) {
  const { key, dimension } = computeKey(params);
  const c = params.compute;
  const encoding = { messageModulus: c.messageModulus, carryModulus: c.carryModulus };
  if (blocks.length === 0) fail(`${kind}: no blocks`);
  const lwes = shortintBlocks(kind, blocks, dimension, encoding);
  const msgBits = log2Exact('messageModulus', encoding.messageModulus);
  const isBool = kind === 'FheBool';
  const signed = kind === 'FheInt';
  const plan: DecryptionPlan = {
    kind,
    modulusBits: 64,
    key,
    lweDimension: dimension,
    count: blocks.length,
    lwes,
    encoding,
    deltaLog2: deltaLog2Of(encoding),
    valueBits: new Uint8Array(blocks.length).fill(isBool ? 1 : msgBits),
    bitsPerBlock: isBool ? 1 : msgBits,
    types: [isBool ? 'Bool' : typeName(blocks.length * msgBits, signed)],
    recombine(values) {
      checkBlockValues(plan, values);
      if (isBool) return [boolPlaintext(values[0])];
      const digits = values.map((v) => v % encoding.messageModulus);
      return [radixPlaintext(digits, encoding.messageModulus, signed)];
    },
  };
  return plan;
}

/** Blocks per value of a compact list's data kinds; strings are not decryptable here. */
function dataKindBlocks(what: string, info: readonly DataKind[]): number[] {
  return info.map((d, i) => {
    if (d.kind === 'Boolean') return 1;
    if (d.kind === 'Unsigned' || d.kind === 'Signed') {
      if (!Number.isInteger(d.blocks) || d.blocks < 1) fail(`${what}.info[${i}]: ${d.blocks} blocks`);
      return d.blocks;
    }
    return fail(`${what}.info[${i}]: ${d.kind} values are not supported by threshold decryption`);
  });
}

/**
 * Compact and proven lists. Blocks are flattened in push order, two per LWE in packed lists (lo + msg·hi), so a
 * value's digits may straddle LWEs. With `element`, only the LWEs holding that value's digits are decrypted;
 * an LWE whose high digit is not needed opens only its low digit, one whose high digit is needed opens both (a
 * neighbour's digit may come along: the encoding packs them into one plaintext).
 */
function planCompactLists(
  kind: 'CompactCiphertextList' | 'ProvenCompactCiphertextList',
  lists: readonly ShortintCompactCiphertextList[],
  info: readonly DataKind[],
  params: ParameterSet,
  element: number | undefined,
): DecryptionPlan {
  const pke = params.dedicatedCompactPublicKey?.pke;
  const key: KeyComponent = pke ? 'compactKey' : computeKey(params).key;
  const dimension = pke ? pke.encryptionLweDimension : computeKey(params).dimension;
  const encoding = pke
    ? { messageModulus: pke.messageModulus, carryModulus: pke.carryModulus }
    : { messageModulus: params.compute.messageModulus, carryModulus: params.compute.carryModulus };
  const msg = encoding.messageModulus;
  const msgBits = log2Exact('messageModulus', msg);
  const perValue = dataKindBlocks(kind, info);
  // Digit d of the flattened block stream lives in LWE digitLwe[d], low (0) or high (1) half.
  const digitLwe: number[] = [];
  const digitHalf: number[] = [];
  let lweIndex = 0;
  lists.forEach((list, li) => {
    const what = `${kind}.lists[${li}]`;
    checkModulus(what, list.ciphertextModulus, 64);
    checkEncoding(what, list, encoding);
    if (list.lweSize - 1 !== dimension) {
      fail(`${what}: LWE dimension ${list.lweSize - 1}, expected ${dimension} (the ${key}'s)`);
    }
    for (let j = 0; j < list.count; j++, lweIndex++) {
      digitLwe.push(lweIndex);
      digitHalf.push(0);
      if (list.degree >= msg) {
        digitLwe.push(lweIndex);
        digitHalf.push(1);
      }
    }
  });
  const needed = perValue.reduce((a, b) => a + b, 0);
  if (needed > digitLwe.length) {
    fail(`${kind}: its data kinds need ${needed} blocks, the lists hold ${digitLwe.length}`);
  }
  if (element !== undefined && (!Number.isInteger(element) || element < 0 || element >= info.length)) {
    fail(`options.element: expected an index in [0, ${info.length}), got ${element}`);
  }
  const values = element === undefined ? info.map((_, i) => i) : [element];
  const firstDigit = perValue.slice(0, values[0]).reduce((a, b) => a + b, 0);
  const lastDigit = firstDigit + values.reduce((n, i) => n + perValue[i], 0); // exclusive
  // The LWEs to decrypt, in order, and how many bits of each are read.
  const selected: number[] = [];
  const bitsOf = new Map<number, number>();
  for (let d = firstDigit; d < lastDigit; d++) {
    const lwe = digitLwe[d];
    if (!bitsOf.has(lwe)) selected.push(lwe);
    bitsOf.set(lwe, Math.max(bitsOf.get(lwe) ?? 0, (digitHalf[d] + 1) * msgBits));
  }
  const position = new Map(selected.map((lwe, i) => [lwe, i]));
  const lwes = new BigUint64Array(selected.length * (dimension + 1));
  let listStart = 0;
  lists.forEach((list, li) => {
    const lweList = { data: list.data, lweDimension: dimension, count: list.count };
    for (let j = 0; j < list.count; j++) {
      const at = position.get(listStart + j);
      if (at === undefined) continue;
      try {
        lwes.set(compactListLwe(lweList, j), at * (dimension + 1));
      } catch (error) {
        fail(`${kind}.lists[${li}]: ${(error as Error).message}`);
      }
    }
    listStart += list.count;
  });
  const typeOf = (i: number) =>
    info[i].kind === 'Boolean' ? 'Bool' : typeName(perValue[i] * msgBits, info[i].kind === 'Signed');
  const plan: DecryptionPlan = {
    kind,
    modulusBits: 64,
    key,
    lweDimension: dimension,
    count: selected.length,
    lwes,
    encoding,
    deltaLog2: deltaLog2Of(encoding),
    valueBits: Uint8Array.from(selected, (lwe) => bitsOf.get(lwe)!),
    bitsPerBlock: 0,
    types: values.map(typeOf),
    recombine(blockValues) {
      checkBlockValues(plan, blockValues);
      const out: Plaintext[] = [];
      let d = firstDigit;
      for (const i of values) {
        const run = new Uint8Array(perValue[i]);
        for (let k = 0; k < run.length; k++, d++) {
          const v = blockValues[position.get(digitLwe[d])!];
          run[k] = (digitHalf[d] ? Math.floor(v / msg) : v) % msg;
        }
        out.push(
          info[i].kind === 'Boolean'
            ? boolPlaintext(run[0])
            : radixPlaintext(run, msg, info[i].kind === 'Signed'),
        );
      }
      return out;
    },
  };
  return plan;
}

function squashedParams(params: ParameterSet) {
  const ns = params.noiseSquashing;
  if (!ns)
    fail(`parameter set ${params.name} has no noise-squashing key: squashed ciphertexts cannot be decrypted`);
  return {
    dimension: ns.glweDimension * ns.polynomialSize,
    encoding: { messageModulus: ns.messageModulus, carryModulus: ns.carryModulus },
  };
}

function squashedLwes(
  what: string,
  blocks: readonly SquashedNoiseCiphertext[],
  dimension: number,
  encoding: BlockEncoding,
): BigUint64Array {
  const size = 2 * (dimension + 1);
  const lwes = new BigUint64Array(blocks.length * size);
  blocks.forEach((block, i) => {
    const at = `${what}.blocks[${i}]`;
    checkModulus(at, block.ct.ciphertextModulus, 128);
    checkEncoding(at, block, encoding);
    if (block.ct.data.length !== size) {
      fail(
        `${at}: LWE dimension ${block.ct.data.length / 2 - 1}, expected ${dimension} (the noise-squashing key's)`,
      );
    }
    lwes.set(block.ct.data, i * size);
  });
  return lwes;
}

function planSquashedUint(
  kind: 'SquashedNoiseFheUint' | 'SquashedNoiseFheInt',
  ct: SquashedNoiseFheUint,
  params: ParameterSet,
): DecryptionPlan {
  const { dimension, encoding } = squashedParams(params);
  const msg = encoding.messageModulus;
  const msgBits = log2Exact('messageModulus', msg);
  const blocks = ct.packedBlocks;
  const original = ct.originalBlockCount;
  if (blocks.length === 0 || !Number.isInteger(original) || original < 1) fail(`${kind}: no blocks`);
  const packed = original > blocks.length;
  if (packed ? Math.ceil(original / 2) !== blocks.length : original !== blocks.length) {
    fail(`${kind}: ${blocks.length} packed blocks cannot hold ${original} radix blocks`);
  }
  const lwes = squashedLwes(kind, blocks, dimension, encoding);
  const valueBits = new Uint8Array(blocks.length).fill(packed ? 2 * msgBits : msgBits);
  if (packed && original % 2 === 1) valueBits[blocks.length - 1] = msgBits;
  const signed = kind === 'SquashedNoiseFheInt';
  const plan: DecryptionPlan = {
    kind,
    modulusBits: 128,
    key: 'noiseSquashingKey',
    lweDimension: dimension,
    count: blocks.length,
    lwes,
    encoding,
    deltaLog2: 128 - 1 - log2Exact('messageModulus·carryModulus', msg * encoding.carryModulus),
    valueBits,
    bitsPerBlock: packed ? 2 * msgBits : msgBits,
    types: [typeName(original * msgBits, signed)],
    recombine(values) {
      checkBlockValues(plan, values);
      const digits = unpackCompactBlocks(values, packed, msg).subarray(0, original);
      return [radixPlaintext(digits, msg, signed)];
    },
  };
  return plan;
}

function planSquashedBool(ct: SquashedNoiseFheBool, params: ParameterSet): DecryptionPlan {
  const { dimension, encoding } = squashedParams(params);
  const plan: DecryptionPlan = {
    kind: 'SquashedNoiseFheBool',
    modulusBits: 128,
    key: 'noiseSquashingKey',
    lweDimension: dimension,
    count: 1,
    lwes: squashedLwes('SquashedNoiseFheBool', [ct.block], dimension, encoding),
    encoding,
    deltaLog2:
      128 - 1 - log2Exact('messageModulus·carryModulus', encoding.messageModulus * encoding.carryModulus),
    valueBits: Uint8Array.of(1),
    bitsPerBlock: 1,
    types: ['Bool'],
    recombine(values) {
      checkBlockValues(plan, values);
      return [boolPlaintext(values[0])];
    },
  };
  return plan;
}

/** Options of planDecryption. */
export interface PlanOptions {
  /** For compact / proven lists: decrypt only the value at this index (default: every value). */
  readonly element?: number;
}

/**
 * The LWE blocks of a ciphertext, the key they are under and their recombination, for a parameter set.
 * Malformed ciphertexts (wrong dimension, modulus, encoding, block counts) throw ProtocolInputError.
 * @example const plan = planDecryption({ kind: 'FheUint', ciphertext: ct }, PARAMS_TEST_BK_SNS); plan.count // 32
 */
export function planDecryption(
  input: CiphertextInput,
  params: ParameterSet,
  options: PlanOptions = {},
): DecryptionPlan {
  if (input === null || typeof input !== 'object' || input.ciphertext == null)
    fail('input: expected { kind, ciphertext }');
  if (
    options.element !== undefined &&
    input.kind !== 'CompactCiphertextList' &&
    input.kind !== 'ProvenCompactCiphertextList'
  ) {
    fail(`options.element: only compact and proven lists have elements, not a ${input.kind}`);
  }
  switch (input.kind) {
    case 'FheBool':
      return planRadix('FheBool', [input.ciphertext.block], params);
    case 'FheUint':
    case 'FheInt':
      return planRadix(input.kind, input.ciphertext.blocks, params);
    case 'CompactCiphertextList':
      return planCompactLists(
        input.kind,
        [input.ciphertext.list],
        input.ciphertext.info,
        params,
        options.element,
      );
    case 'ProvenCompactCiphertextList':
      return planCompactLists(
        input.kind,
        input.ciphertext.lists.map((l) => l.list),
        input.ciphertext.info,
        params,
        options.element,
      );
    case 'SquashedNoiseFheUint':
    case 'SquashedNoiseFheInt':
      return planSquashedUint(input.kind, input.ciphertext, params);
    case 'SquashedNoiseFheBool':
      return planSquashedBool(input.ciphertext, params);
    default:
      return fail(`input.kind: ${(input as { kind: unknown }).kind} is not a decryptable ciphertext kind`);
  }
}

/** Checks that all plans of one protocol run share a modulus. */
export function checkPlans(plans: readonly DecryptionPlan[], modulusBits: 64 | 128): void {
  if (!Array.isArray(plans) || plans.length === 0) fail('plans: expected at least one decryption plan');
  plans.forEach((plan, i) => {
    if (plan.modulusBits !== modulusBits) {
      fail(
        `plans[${i}]: a ${plan.modulusBits}-bit ${plan.kind}; this protocol decrypts ${modulusBits}-bit ciphertexts`,
      );
    }
  });
}
