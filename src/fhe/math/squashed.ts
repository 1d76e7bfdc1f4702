// 128-bit decoding for noise-squashed (switch-and-squash) ciphertexts, modulus 2^128.
// u128 values are interleaved lo/hi u64 words. With 2 message + 2 carry bits and one padding bit, Δ = 2^123 and a
// block decodes to ((phase + 2^122) >> 123) mod 16, exactly as node-tkms reconstructs user-decryption shares.

/** log2 Δ of a squashed block with `blockBits` bits of message + carry (4 for the KMS parameters). */
export function squashedDeltaLog2(blockBits = 4): number {
  return 128 - 1 - blockBits;
}

/**
 * Phase b − ⟨a, s⟩ mod 2^128 of one 128-bit LWE ciphertext (2(n + 1) words: a_0 … a_{n−1}, b) under a binary key.
 * Sums 32-bit limbs in doubles (exact below 2^53, i.e. up to 2^21 terms), so no BigInt in the loop.
 * @example const [lo, hi] = lwePhase128(ct, squashKey);
 */
export function lwePhase128(ct: BigUint64Array, key: BigUint64Array, offset = 0): [bigint, bigint] {
  const n = key.length;
  if (ct.length < offset + 2 * (n + 1))
    throw new RangeError(`lwePhase128: ciphertext needs ${2 * (n + 1)} words`);
  const limbs = new Uint32Array(ct.buffer, ct.byteOffset + 8 * offset, 4 * (n + 1));
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  for (let i = 0; i < n; i++) {
    if (key[i] === 0n) continue;
    if (key[i] !== 1n) throw new RangeError('lwePhase128: the key must be binary');
    const o = 4 * i;
    l0 += limbs[o];
    l1 += limbs[o + 1];
    l2 += limbs[o + 2];
    l3 += limbs[o + 3];
  }
  const dot = BigInt(l0) + (BigInt(l1) << 32n) + (BigInt(l2) << 64n) + (BigInt(l3) << 96n);
  const b = ct[offset + 2 * n] | (ct[offset + 2 * n + 1] << 64n);
  const phase = BigInt.asUintN(128, b - dot);
  return [BigInt.asUintN(64, phase), phase >> 64n];
}

/**
 * Phases of back-to-back 128-bit LWE ciphertexts, interleaved lo/hi.
 * @example const phases = lwePhases128(blocks, squashKey);
 */
export function lwePhases128(cts: BigUint64Array, key: BigUint64Array): BigUint64Array {
  const size = 2 * (key.length + 1);
  if (cts.length % size !== 0) throw new RangeError(`lwePhases128: words must be a multiple of ${size}`);
  const count = cts.length / size;
  const out = new BigUint64Array(2 * count);
  for (let c = 0; c < count; c++) {
    const [lo, hi] = lwePhase128(cts, key, c * size);
    out[2 * c] = lo;
    out[2 * c + 1] = hi;
  }
  return out;
}

/**
 * round(phase / 2^123) mod 16 for each interleaved u128 phase (only the high word matters).
 * @example decodeSquashedBlocks(phases) // Uint8Array of 4-bit block values
 */
export function decodeSquashedBlocks(phases: BigUint64Array, blockBits = 4): Uint8Array {
  const d = BigInt(squashedDeltaLog2(blockBits) - 64);
  const space = 1n << BigInt(blockBits + 1);
  const out = new Uint8Array(phases.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = phases[2 * i + 1];
    out[i] = Number((BigInt.asUintN(64, hi + (1n << (d - 1n))) >> d) % space) % (1 << blockBits);
  }
  return out;
}

/**
 * Recombines squashed block values that each carry `bitsPerBlock` bits (2 · packing factor for 2+2-bit blocks).
 * @example recomposeSquashed([13, 10], 4, 8) === 0xadn
 */
export function recomposeSquashed(values: ArrayLike<number>, bitsPerBlock: number, bits: number): bigint {
  let v = 0n;
  const mask = (1 << bitsPerBlock) - 1;
  for (let i = values.length - 1; i >= 0; i--) v = (v << BigInt(bitsPerBlock)) | BigInt(values[i] & mask);
  return BigInt.asUintN(bits, v);
}
