// Ciphertext → LWE blocks: what a threshold decryption decrypts, under which secret key, and how the decoded
// block values recombine into the plaintexts of the FHE type. Mirrors the plain decryption of src/fhe/math
// (decrypt.ts) block for block, so the plain decryption is the oracle of every protocol here.
//
// Which key (tfhe-interop §7.3): radix ciphertexts of the Big encryption-key choice are under the GLWE key read as
// an LWE key (k·N); compact and proven lists under the dedicated compact key when the parameter set has one, else
// under the big key (list-blocks.ts); squashed-noise ciphertexts under the noise-squashing GLWE key, modulo 2^128;
// compressed squashed-noise lists under the noise-squashing compression GLWE key (k·N), modulo 2^128.
import { CodecError } from '../../../fhe/codec/errors.ts';
import { unpackCompactBlocks } from '../../../fhe/math/radix.ts';
import { type BlockEncoding, deltaLog2 as deltaLog2Of } from '../../../fhe/math/torus.ts';
import {
  type ObjectKind,
  objectKindOf,
  readObject,
  type ShortintCiphertext,
  type SquashedNoiseCiphertext,
  type SquashedNoiseFheBool,
  type SquashedNoiseFheUint,
} from '../../../fhe/objects/index.ts';
import type { ParameterSet } from '../../../fhe/params/index.ts';
import { planCompactLists, planCompressedSquashedList } from './list-blocks.ts';
import {
  boolPlaintext,
  type CiphertextInput,
  checkBlockValues,
  checkEncoding,
  checkModulus,
  computeKey,
  DECRYPTABLE_KINDS,
  type DecryptableKind,
  type DecryptionPlan,
  fail,
  log2Exact,
  radixPlaintext,
  typeName,
} from './plan.ts';

export {
  type CiphertextInput,
  DECRYPTABLE_KINDS,
  type DecryptableKind,
  type DecryptionPlan,
  type Plaintext,
} from './plan.ts';

/**
 * Parses a tfhe-rs safe-serialized ciphertext into a CiphertextInput; a wrong kind or malformed bytes throw
 * ProtocolInputError naming the problem. Word arrays are views of `bytes` where they are 8-byte aligned (a list's
 * 98 KB GLWE is not copied): `bytes` must not change while the input or its plans are in use.
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
    return { kind, ciphertext: readObject(kind, bytes, { alias: true }) } as CiphertextInput;
  } catch (error) {
    if (error instanceof CodecError) fail(`ciphertext: malformed ${kind} (${error.message})`);
    throw error;
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
  /** For compact, proven and compressed squashed lists: decrypt only the value at this index (default: every
   * value). */
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
    input.kind !== 'ProvenCompactCiphertextList' &&
    input.kind !== 'CompressedSquashedNoiseCiphertextList'
  ) {
    fail(`options.element: only lists have elements, not a ${input.kind}`);
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
    case 'CompressedSquashedNoiseCiphertextList':
      return planCompressedSquashedList(input.ciphertext, params, options.element);
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
