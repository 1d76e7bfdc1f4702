// Plain decryption of the tfhe-rs objects (typed in-memory forms from src/fhe/objects) with raw secret keys.
// Which key: ciphertexts of the Big encryption-key choice (client-key encryptions, anything after a PBS) are under
// the GLWE key read as an LWE key; compact and proven lists are under the dedicated compact key when the parameters
// have one, else under the big key; squashed-noise ciphertexts under the noise-squashing GLWE key (mod 2^128).
import type {
  ClientKey,
  CompactCiphertextList,
  DataKind,
  FheBool,
  FheUint,
  ProvenCompactCiphertextList,
  ShortintCompactCiphertextList,
  SquashedNoiseCiphertext,
  SquashedNoiseFheBool,
  SquashedNoiseFheUint,
} from '../objects/types.ts';
import { decryptCompactList } from './compact.ts';
import { lwePhases } from './lwe.ts';
import { type DataKindInfo, radixRecompose, unpackCompactBlocks, valuesOfDataKinds } from './radix.ts';
import { decodeSquashedBlocks, lwePhases128, recomposeSquashed } from './squashed.ts';
import { decodeBlocks } from './torus.ts';

/** The raw secret keys a ClientKey holds, by the ciphertexts they decrypt. */
export interface DecryptionKeys {
  /** GLWE key read as LWE (k·N): client-key encryptions, PBS outputs. */
  big: BigUint64Array;
  /** Key of compact / proven lists: the dedicated compact key, else the big key. */
  compact: BigUint64Array;
  /** Noise-squashing GLWE key read as LWE (one word per coefficient), when present. */
  squash: BigUint64Array | null;
}

/**
 * The decryption keys of a ClientKey.
 * @example const keys = decryptionKeysOf(readObject('ClientKey', bytes));
 */
export function decryptionKeysOf(clientKey: ClientKey): DecryptionKeys {
  const big = clientKey.glweSecretKey.data;
  const compact = clientKey.dedicatedCompactPrivateKey?.secretKey ?? big;
  const ns = clientKey.noiseSquashingPrivateKey?.postNoiseSquashingSecretKey.data;
  let squash: BigUint64Array | null = null;
  if (ns) {
    squash = new BigUint64Array(ns.length / 2);
    for (let i = 0; i < squash.length; i++) squash[i] = ns[2 * i];
  }
  return { big, compact, squash };
}

/** Concatenates the LWE data of shortint blocks (all of one dimension) for one batched phase computation. */
function concatBlocks(datas: BigUint64Array[]): BigUint64Array {
  if (datas.length === 1) return datas[0];
  const size = datas[0].length;
  const out = new BigUint64Array(size * datas.length);
  datas.forEach((d, i) => {
    if (d.length !== size) throw new RangeError('blocks of one ciphertext must share a dimension');
    out.set(d, i * size);
  });
  return out;
}

/**
 * Message+carry value of every block of a radix ciphertext (one batched dot-product pass).
 * @example const blockValues = decryptBlockValues(fheUint, keys.big);
 */
export function decryptBlockValues(ct: FheUint, key: BigUint64Array): Uint8Array {
  if (ct.blocks.length === 0) return new Uint8Array(0);
  const b0 = ct.blocks[0];
  const phases = lwePhases(concatBlocks(ct.blocks.map((b) => b.ct.data)), key);
  return decodeBlocks(phases, { messageModulus: b0.messageModulus, carryModulus: b0.carryModulus });
}

/**
 * Decrypts a FheUint (any width) to its value.
 * @example decryptFheUint(readObject('FheUint', bytes), keys.big) === 173n
 */
export function decryptFheUint(ct: FheUint, key: BigUint64Array): bigint {
  const values = decryptBlockValues(ct, key);
  if (values.length === 0) return 0n;
  const msg = ct.blocks[0].messageModulus;
  return radixRecompose(values, msg, values.length * Math.log2(msg));
}

/**
 * Decrypts a FheInt to its (two's-complement) signed value.
 * @example decryptFheInt(ct, keys.big) === -5n
 */
export function decryptFheInt(ct: FheUint, key: BigUint64Array): bigint {
  if (ct.blocks.length === 0) return 0n;
  const bits = ct.blocks.length * Math.log2(ct.blocks[0].messageModulus);
  return BigInt.asIntN(bits, decryptFheUint(ct, key));
}

/**
 * Decrypts a FheBool.
 * @example decryptFheBool(readObject('FheBool', bytes), keys.big) === true
 */
export function decryptFheBool(ct: FheBool, key: BigUint64Array): boolean {
  const { block } = ct;
  const [value] = decodeBlocks(lwePhases(block.ct.data, key), {
    messageModulus: block.messageModulus,
    carryModulus: block.carryModulus,
  });
  // tfhe-rs `decrypt_bool`: the message part of the block is non-zero.
  return value % block.messageModulus !== 0;
}

function dataKindInfo(info: readonly DataKind[]): DataKindInfo[] {
  return info.map((d) => {
    if (d.kind === 'Unsigned') return { kind: 'unsigned', blocks: d.blocks };
    if (d.kind === 'Signed') return { kind: 'signed', blocks: d.blocks };
    if (d.kind === 'Boolean') return { kind: 'boolean' };
    throw new RangeError('compact lists holding strings are not supported');
  });
}

/** Message digits of every block of one shortint compact list (packed lists give two per LWE). */
function compactListBlocks(list: ShortintCompactCiphertextList, key: BigUint64Array): Uint8Array {
  const encoding = { messageModulus: list.messageModulus, carryModulus: list.carryModulus };
  const raw = decryptCompactList(
    { data: list.data, lweDimension: list.lweSize - 1, count: list.count },
    key,
    encoding,
  );
  return unpackCompactBlocks(raw, list.degree >= list.messageModulus, list.messageModulus);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Decrypts every value of a compact list without expansion (no server key): booleans as 0n/1n, signed values
 * as negative bigints.
 * @example decryptCompactCiphertextList(readObject('CompactCiphertextList', bytes), keys.compact) // [42n, 1n]
 */
export function decryptCompactCiphertextList(list: CompactCiphertextList, key: BigUint64Array): bigint[] {
  return valuesOfDataKinds(
    compactListBlocks(list.list, key),
    dataKindInfo(list.info),
    list.list.messageModulus,
  );
}

/**
 * Decrypts every value of a proven compact list (proof not verified; that is the CRS/ZK layer's job).
 * @example decryptProvenCompactCiphertextList(readObject('ProvenCompactCiphertextList', bytes), keys.compact)
 */
export function decryptProvenCompactCiphertextList(
  list: ProvenCompactCiphertextList,
  key: BigUint64Array,
): bigint[] {
  if (list.lists.length === 0) return [];
  const blocks = concatBytes(list.lists.map((l) => compactListBlocks(l.list, key)));
  return valuesOfDataKinds(blocks, dataKindInfo(list.info), list.lists[0].list.messageModulus);
}

/** 4-bit values (message + carry) of squashed blocks. */
function squashedValues(blocks: SquashedNoiseCiphertext[], key: BigUint64Array): Uint8Array {
  if (blocks.length === 0) return new Uint8Array(0);
  const b0 = blocks[0];
  const blockBits = Math.log2(b0.messageModulus * b0.carryModulus);
  const phases = lwePhases128(concatBlocks(blocks.map((b) => b.ct.data)), key);
  return decodeSquashedBlocks(phases, blockBits);
}

/**
 * Decrypts a squashed-noise FheUint. tfhe-rs squashes radix blocks two by two (`par_chunks(2)` + `pack_block_chunk`),
 * so every 128-bit block carries log2(msg²) bits (an odd last block packs alone) and the value has
 * originalBlockCount · log2(msg) bits (tfhe-rs `NoiseSquashingPrivateKey::decrypt_radix`).
 * @example decryptSquashedNoiseFheUint(ct, keys.squash!) === 0xdeadbeefn
 */
export function decryptSquashedNoiseFheUint(ct: SquashedNoiseFheUint, key: BigUint64Array): bigint {
  const values = squashedValues(ct.packedBlocks, key);
  if (values.length === 0) return 0n;
  const msgBits = Math.log2(ct.packedBlocks[0].messageModulus);
  return recomposeSquashed(values, 2 * msgBits, ct.originalBlockCount * msgBits);
}

/**
 * Decrypts a squashed-noise FheInt (two's complement over originalBlockCount · log2(msg) bits).
 * @example decryptSquashedNoiseFheInt(ct, keys.squash!) === -5n
 */
export function decryptSquashedNoiseFheInt(ct: SquashedNoiseFheUint, key: BigUint64Array): bigint {
  if (ct.packedBlocks.length === 0) return 0n;
  const bits = ct.originalBlockCount * Math.log2(ct.packedBlocks[0].messageModulus);
  return BigInt.asIntN(bits, decryptSquashedNoiseFheUint(ct, key));
}

/**
 * Decrypts a squashed-noise FheBool (true when the block decodes to anything but 0, as tfhe-rs does).
 * @example decryptSquashedNoiseFheBool(ct, keys.squash!) === true
 */
export function decryptSquashedNoiseFheBool(ct: SquashedNoiseFheBool, key: BigUint64Array): boolean {
  const [value] = squashedValues([ct.block], key);
  return value !== 0;
}
