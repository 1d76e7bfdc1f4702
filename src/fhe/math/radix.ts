// Radix blocks of FheBool / FheUint / FheInt: block 0 is least significant, each block carries log2(msg) bits.

/** Bit widths of the hlapi integer types the KMS handles, by type name (node-tfhe `FheTypes` names). */
export const FHE_TYPE_BITS = {
  Bool: 1,
  Uint4: 4,
  Uint8: 8,
  Uint16: 16,
  Uint32: 32,
  Uint64: 64,
  Uint128: 128,
  Uint160: 160,
  Uint256: 256,
} as const;

/** A hlapi type name from `FHE_TYPE_BITS`. */
export type FheTypeName = keyof typeof FHE_TYPE_BITS;

/** tfhe-rs / node-tfhe `FheTypes` ids of the types above (the `fhe_type` integers of KMS requests and plaintexts). */
export const FHE_TYPE_IDS: Readonly<Record<FheTypeName, number>> = Object.freeze({
  Bool: 0,
  Uint4: 1,
  Uint8: 2,
  Uint16: 3,
  Uint32: 4,
  Uint64: 5,
  Uint128: 6,
  Uint160: 7,
  Uint256: 8,
});

/**
 * The type name of a `FheTypes` id.
 * @example fheTypeOfId(4) === 'Uint32'
 */
export function fheTypeOfId(id: number): FheTypeName {
  for (const [name, value] of Object.entries(FHE_TYPE_IDS)) if (value === id) return name as FheTypeName;
  throw new RangeError(`unsupported FheTypes id ${id}`);
}

function msgBitsOf(messageModulus: number): number {
  const b = Math.log2(messageModulus);
  if (!Number.isInteger(b) || b < 1)
    throw new RangeError(`messageModulus must be a power of two ≥ 2, got ${messageModulus}`);
  return b;
}

/**
 * Number of radix blocks of a type (FheBool: 1).
 * @example blockCount('Uint8', 4) === 4
 */
export function blockCount(type: FheTypeName, messageModulus: number): number {
  const bits = FHE_TYPE_BITS[type];
  if (bits === undefined) throw new RangeError(`unknown FHE type ${type}`);
  return type === 'Bool' ? 1 : Math.ceil(bits / msgBitsOf(messageModulus));
}

/**
 * Splits a value into `blocks` digits of base messageModulus (least significant first).
 * @example radixDecompose(173n, 4, 4) // Uint8Array [1, 3, 2, 2]
 */
export function radixDecompose(value: bigint, blocks: number, messageModulus: number): Uint8Array {
  const bits = BigInt(msgBitsOf(messageModulus));
  if (value < 0n) throw new RangeError('radixDecompose: value must be non-negative (use two’s complement)');
  const out = new Uint8Array(blocks);
  const mask = BigInt(messageModulus - 1);
  let v = value;
  for (let i = 0; i < blocks; i++) {
    out[i] = Number(v & mask);
    v >>= bits;
  }
  if (v !== 0n) throw new RangeError(`radixDecompose: value does not fit in ${blocks} blocks`);
  return out;
}

/**
 * Σ (block_i mod msg) · msg^i mod 2^bits: recombines decrypted block values (carries are dropped, as tfhe-rs does
 * for clean ciphertexts).
 * @example radixRecompose([1, 3, 2, 2], 4, 8) === 173n
 */
export function radixRecompose(blocks: ArrayLike<number>, messageModulus: number, bits: number): bigint {
  const b = msgBitsOf(messageModulus);
  let v = 0n;
  for (let i = blocks.length - 1; i >= 0; i--) v = (v << BigInt(b)) | BigInt(blocks[i] % messageModulus);
  return BigInt.asUintN(bits, v);
}

/**
 * The value of a decrypted hlapi ciphertext from its block values: FheBool → 0n/1n, FheUintN → N-bit value.
 * @example decodeFheValue('Uint8', [1, 3, 2, 2], 4) === 173n
 */
export function decodeFheValue(type: FheTypeName, blocks: ArrayLike<number>, messageModulus: number): bigint {
  const expected = blockCount(type, messageModulus);
  if (blocks.length !== expected)
    throw new RangeError(`${type} needs ${expected} blocks, got ${blocks.length}`);
  if (type === 'Bool') return blocks[0] % messageModulus !== 0 ? 1n : 0n;
  return radixRecompose(blocks, messageModulus, FHE_TYPE_BITS[type]);
}

/** The hlapi type of a radix ciphertext with `blocks` blocks (the wire form only stores the block count). */
export function uintTypeOfBlocks(blocks: number, messageModulus: number): FheTypeName {
  for (const name of Object.keys(FHE_TYPE_BITS) as FheTypeName[]) {
    if (name !== 'Bool' && blockCount(name, messageModulus) === blocks) return name;
  }
  throw new RangeError(`no FheUint type has ${blocks} blocks`);
}

/**
 * Block values (message digits) of compact-list LWEs: an unpacked list carries one block per LWE, a packed list
 * (degree ≥ msg) carries lo + msg·hi, the blocks of all values flattened in push order and paired two by two.
 * @example unpackCompactBlocks(raw, true, 4) // [lo0, hi0, lo1, hi1, …]
 */
export function unpackCompactBlocks(raw: Uint8Array, packed: boolean, messageModulus: number): Uint8Array {
  if (!packed) return raw.map((v) => v % messageModulus);
  const out = new Uint8Array(2 * raw.length);
  for (let i = 0; i < raw.length; i++) {
    out[2 * i] = raw[i] % messageModulus;
    out[2 * i + 1] = Math.floor(raw[i] / messageModulus) % messageModulus;
  }
  return out;
}

/** One entry of a compact list's `Vec<DataKind>`. */
export type DataKindInfo =
  | { kind: 'unsigned'; blocks: number }
  | { kind: 'signed'; blocks: number }
  | { kind: 'boolean' };

/**
 * Splits the flattened block stream of a compact list into values by its data kinds (signed values are returned
 * as two's-complement-interpreted bigints of 2·blocks bits for msg = 4).
 * @example valuesOfDataKinds(blocks, [{ kind: 'unsigned', blocks: 4 }, { kind: 'boolean' }], 4) // [42n, 1n]
 */
export function valuesOfDataKinds(
  blocks: Uint8Array,
  kinds: readonly DataKindInfo[],
  messageModulus: number,
): bigint[] {
  const b = msgBitsOf(messageModulus);
  const out: bigint[] = [];
  let at = 0;
  for (const info of kinds) {
    const n = info.kind === 'boolean' ? 1 : info.blocks;
    if (at + n > blocks.length)
      throw new RangeError('valuesOfDataKinds: the list holds fewer blocks than its kinds');
    const slice = blocks.subarray(at, at + n);
    at += n;
    if (info.kind === 'boolean') out.push(slice[0] !== 0 ? 1n : 0n);
    else {
      const v = radixRecompose(slice, messageModulus, n * b);
      out.push(info.kind === 'signed' ? BigInt.asIntN(n * b, v) : v);
    }
  }
  return out;
}
