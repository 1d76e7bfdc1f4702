// Client-key encryption of hlapi ciphertexts (FheBool, FheUint, FheInt) under the big key, as
// `encrypt_with_client_key` does: fresh blocks carry degree msg − 1 (FheBool: 1) and noise level 1.
import type { FheBool, FheUint, ShortintCiphertext } from '../objects/types.ts';
import type { ClassicPBSParameters } from '../params/types.ts';
import { encryptLweBlocks } from './lwe.ts';
import { radixDecompose } from './radix.ts';
import type { RandomSource } from './random.ts';

const NATIVE_64 = { modulus: 0n, scalarBits: 64 };

function noiseBound(params: ClassicPBSParameters): number {
  const d = params.glweNoiseDistribution;
  if (d.kind !== 'TUniform') throw new RangeError('client-key encryption: only TUniform noise is supported');
  return d.boundLog2;
}

function blocksOf(
  values: Uint8Array,
  degree: number,
  bigKey: BigUint64Array,
  params: ClassicPBSParameters,
  source: RandomSource,
): ShortintCiphertext[] {
  const encoding = { messageModulus: params.messageModulus, carryModulus: params.carryModulus };
  const cts = encryptLweBlocks(bigKey, values, encoding, noiseBound(params), source, source);
  const size = bigKey.length + 1;
  return Array.from(values, (_, i) => ({
    ct: { data: cts.slice(i * size, (i + 1) * size), ciphertextModulus: NATIVE_64 },
    degree,
    noiseLevel: 1,
    messageModulus: params.messageModulus,
    carryModulus: params.carryModulus,
    atomicPattern: { kind: 'Standard', pbsOrder: 'KeyswitchBootstrap' },
  }));
}

/**
 * Encrypts an unsigned value into `bits / log2(msg)` radix blocks (FheUint<bits>); signed values are accepted
 * and stored in two's complement (FheInt<bits>, same layout).
 * @example writeObject('FheUint', encryptFheUint(173n, 8, keys.secret.glweKey.data, params.compute, gen))
 */
export function encryptFheUint(
  value: bigint,
  bits: number,
  bigKey: BigUint64Array,
  params: ClassicPBSParameters,
  source: RandomSource,
): FheUint {
  const msgBits = Math.log2(params.messageModulus);
  if (!Number.isInteger(bits) || bits < msgBits || bits % msgBits !== 0) {
    throw new RangeError(`encryptFheUint: bits must be a positive multiple of ${msgBits}, got ${bits}`);
  }
  const blockCount = bits / msgBits;
  const digits = radixDecompose(BigInt.asUintN(bits, value), blockCount, params.messageModulus);
  return {
    blocks: blocksOf(digits, params.messageModulus - 1, bigKey, params, source),
    tag: new Uint8Array(0),
    reRandomizationMetadata: new Uint8Array(0),
  };
}

/**
 * Encrypts a boolean (one block of degree 1).
 * @example writeObject('FheBool', encryptFheBool(true, bigKey, params.compute, gen))
 */
export function encryptFheBool(
  value: boolean,
  bigKey: BigUint64Array,
  params: ClassicPBSParameters,
  source: RandomSource,
): FheBool {
  const [block] = blocksOf(Uint8Array.of(value ? 1 : 0), 1, bigKey, params, source);
  return { block, tag: new Uint8Array(0), reRandomizationMetadata: new Uint8Array(0) };
}
