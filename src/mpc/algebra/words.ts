// Z_2^64 and Z_2^128 words. A Z64 value is one u64 word; a Z128 value is two u64 words (lo, hi), low word first.
// Hot code keeps words in BigUint64Array (V8 lowers truncated 64-bit BigInt arithmetic to machine operations);
// the bigint helpers here are for tests, constants and cold paths.

/** 2^64 − 1 as a bigint. @example (x & MASK64) */
export const MASK64 = (1n << 64n) - 1n;
/** 2^128 − 1 as a bigint. @example (x & MASK128) */
export const MASK128 = (1n << 128n) - 1n;

/** The bit lengths of the supported base rings Z_2^k. @example const k: RingBits = 128 */
export type RingBits = 64 | 128;

/** Number of u64 words one Z_2^k value takes: 1 for k = 64, 2 for k = 128. @example wordsPerValue(128) === 2 */
export function wordsPerValue(bits: RingBits): 1 | 2 {
  return bits === 64 ? 1 : 2;
}

/** Reduces any bigint (also negative) into [0, 2^bits). @example wrap(64, -1n) === MASK64 */
export function wrap(bits: RingBits, x: bigint): bigint {
  return BigInt.asUintN(bits, x);
}

/** Splits a Z_2^128 value into its (lo, hi) u64 words. @example u128ToWords(1n << 64n) // [0n, 1n] */
export function u128ToWords(x: bigint): [bigint, bigint] {
  const v = BigInt.asUintN(128, x);
  return [v & MASK64, v >> 64n];
}

/** Joins (lo, hi) u64 words into a Z_2^128 value. @example u128FromWords(0n, 1n) === 1n << 64n */
export function u128FromWords(lo: bigint, hi: bigint): bigint {
  return (BigInt.asUintN(64, hi) << 64n) | BigInt.asUintN(64, lo);
}

/** Reads the Z_2^k value stored at value index `i` of a word array. @example readValue(128, words, 0) */
export function readValue(bits: RingBits, words: BigUint64Array, i: number): bigint {
  return bits === 64 ? words[i] : (words[2 * i + 1] << 64n) | words[2 * i];
}

/** Writes a Z_2^k value (reduced mod 2^k) at value index `i` of a word array. @example writeValue(64, w, 3, -1n) */
export function writeValue(bits: RingBits, words: BigUint64Array, i: number, x: bigint): void {
  if (bits === 64) {
    words[i] = BigInt.asUintN(64, x);
  } else {
    words[2 * i] = BigInt.asUintN(64, x);
    words[2 * i + 1] = BigInt.asUintN(64, x >> 64n);
  }
}

/** Packs Z_2^k values into a new word array (1 or 2 words per value). @example valuesToWords(128, [1n, 2n]) */
export function valuesToWords(bits: RingBits, values: readonly bigint[]): BigUint64Array {
  const words = new BigUint64Array(values.length * wordsPerValue(bits));
  for (let i = 0; i < values.length; i++) writeValue(bits, words, i, values[i]);
  return words;
}

/** Unpacks a word array into Z_2^k values. @example wordsToValues(64, new BigUint64Array([5n])) // [5n] */
export function wordsToValues(bits: RingBits, words: BigUint64Array): bigint[] {
  const count = words.length / wordsPerValue(bits);
  const values = new Array<bigint>(count);
  for (let i = 0; i < count; i++) values[i] = readValue(bits, words, i);
  return values;
}
