// Torus encodings of shortint blocks (native 2^64 modulus, one padding bit), as tfhe-rs encodes them.
//
// Δ = 2^64 / (2 · msg · carry): the factor 2 is the padding bit, which is not part of msg · carry (2^60 would be
// wrong). For msg = carry = 4, Δ = 2^59 and the decoding margin is Δ/2 = 2^58.

/** Message and carry moduli of a block (powers of two; 4 and 4 for every parameter set the KMS uses). */
export interface BlockEncoding {
  messageModulus: number;
  carryModulus: number;
}

/** The KMS's blocks: 2 message bits + 2 carry bits. */
export const MSG2_CARRY2: BlockEncoding = { messageModulus: 4, carryModulus: 4 };

function log2Exact(name: string, v: number): number {
  const l = Math.log2(v);
  if (!Number.isInteger(l) || l < 1) throw new RangeError(`${name} must be a power of two ≥ 2, got ${v}`);
  return l;
}

/** log2 Δ for a 2^modulusBits ciphertext modulus with one padding bit. */
export function deltaLog2(encoding: BlockEncoding, modulusBits = 64): number {
  return (
    modulusBits -
    1 -
    log2Exact('messageModulus', encoding.messageModulus) -
    log2Exact('carryModulus', encoding.carryModulus)
  );
}

/**
 * Δ for a 64-bit ciphertext.
 * @example delta(MSG2_CARRY2) === 1n << 59n
 */
export function delta(encoding: BlockEncoding): bigint {
  return 1n << BigInt(deltaLog2(encoding));
}

/**
 * The plaintext m · Δ of a cleartext block value m ∈ [0, msg · carry) (message plus carry, as `degree` allows).
 * @example encodeBlock(3, MSG2_CARRY2) === 3n << 59n
 */
export function encodeBlock(value: number, encoding: BlockEncoding): bigint {
  const space = 2 * encoding.messageModulus * encoding.carryModulus;
  if (!Number.isInteger(value) || value < 0 || value >= space) {
    throw new RangeError(`encodeBlock: value must be an integer in [0, ${space}), got ${value}`);
  }
  return BigInt(value) << BigInt(deltaLog2(encoding));
}

/**
 * round(phase / Δ) mod (2 · msg · carry): the block's message + carry (`decrypt_message_and_carry`), padding bit
 * included in the modulus.
 * @example decodeBlock((2n << 59n) + 12345n, MSG2_CARRY2) === 2
 */
export function decodeBlock(phase: bigint, encoding: BlockEncoding): number {
  const d = BigInt(deltaLog2(encoding));
  const space = 2n * BigInt(encoding.messageModulus * encoding.carryModulus);
  return Number((BigInt.asUintN(64, phase + (1n << (d - 1n))) >> d) % space);
}

/**
 * Decodes many 64-bit phases without BigInt (only the high 32-bit word matters when Δ ≥ 2^33).
 * @example decodeBlocks(phases, MSG2_CARRY2) // Uint8Array of message+carry values
 */
export function decodeBlocks(phases: BigUint64Array, encoding: BlockEncoding): Uint8Array {
  const d = deltaLog2(encoding);
  const space = 2 * encoding.messageModulus * encoding.carryModulus;
  if (space > 256) throw new RangeError('decodeBlocks: block space above 256 values is not supported');
  const out = new Uint8Array(phases.length);
  if (d < 33) {
    for (let i = 0; i < phases.length; i++) out[i] = decodeBlock(phases[i], encoding);
    return out;
  }
  const words = new Uint32Array(phases.buffer, phases.byteOffset, 2 * phases.length);
  const half = 2 ** (d - 33);
  const shift = d - 32;
  for (let i = 0; i < phases.length; i++) out[i] = (((words[2 * i + 1] + half) >>> 0) >>> shift) % space;
  return out;
}

/**
 * Signed distance of a phase to its nearest encoding (the noise), as a Number (exact below 2^53).
 * @example Math.abs(noiseOf(phase, MSG2_CARRY2)) < 2 ** 58
 */
export function noiseOf(phase: bigint, encoding: BlockEncoding): number {
  const d = BigInt(deltaLog2(encoding));
  const rounded = ((BigInt.asUintN(64, phase + (1n << (d - 1n))) >> d) << d) & 0xffffffffffffffffn;
  return Number(BigInt.asIntN(64, phase - rounded));
}
