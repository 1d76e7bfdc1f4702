// Wire format of the reliable broadcast's rounds. Instances are the senders in increasing order; m = their
// number and B = ceil(m / 8). Exported for adversarial tests, which must speak the same format to lie well.
//   echo / perhaps:  presence bitmap (B) ‖ 32-byte hash per present instance, in instance order
//   vote, king:      bit bitmap (B)              (phase 1 vote: ‖ need bitmap (B))
//   propose:         has bitmap (B) ‖ bit bitmap (B)
//                    (phase 1: frames [has ‖ bit, served bitmap, served value…] so needy parties get values)
import { createHash } from 'node:crypto';
import { NetError } from './errors.ts';

export const HASH_BYTES = 32;

/** SHA-256 of a broadcast value (native hashing: values can be megabytes). */
export function hashValue(value: Uint8Array): Uint8Array {
  return createHash('sha256').update(value).digest();
}

/** A hash as a map key. */
export function hashKey(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

export function bitmapBytes(instances: number): number {
  return (instances + 7) >> 3;
}

/** Packs booleans (one per instance) into a bitmap, bit i of byte i >> 3 = instance i. */
export function encodeBitmap(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(bitmapBytes(bits.length));
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** Unpacks `count` booleans from `bytes` at `offset`; throws InvalidMessage when the padding bits are set. */
export function decodeBitmap(bytes: Uint8Array, count: number, offset = 0): boolean[] {
  const size = bitmapBytes(count);
  if (offset + size > bytes.length) throw new NetError('InvalidMessage', 'bitmap: truncated');
  const bits = new Array<boolean>(count);
  for (let i = 0; i < count; i++) bits[i] = (bytes[offset + (i >> 3)] & (1 << (i & 7))) !== 0;
  if (count & 7 && bytes[offset + size - 1] >> (count & 7) !== 0) {
    throw new NetError('InvalidMessage', 'bitmap: padding bits set');
  }
  return bits;
}

/** Encodes one optional hash per instance. */
export function encodeHashes(hashes: readonly (Uint8Array | undefined)[]): Uint8Array {
  const head = bitmapBytes(hashes.length);
  let present = 0;
  for (const h of hashes) if (h !== undefined) present++;
  const out = new Uint8Array(head + present * HASH_BYTES);
  let offset = head;
  hashes.forEach((h, i) => {
    if (h === undefined) return;
    if (h.length !== HASH_BYTES)
      throw new NetError('InvalidArgument', `hashes[${i}]: expected ${HASH_BYTES} bytes`);
    out[i >> 3] |= 1 << (i & 7);
    out.set(h, offset);
    offset += HASH_BYTES;
  });
  return out;
}

/** Decodes `count` optional hashes (views into `bytes`); throws InvalidMessage on any length mismatch. */
export function decodeHashes(bytes: Uint8Array, count: number): (Uint8Array | undefined)[] {
  const present = decodeBitmap(bytes, count);
  let expected = bitmapBytes(count);
  for (const p of present) if (p) expected += HASH_BYTES;
  if (bytes.length !== expected) {
    throw new NetError('InvalidMessage', `hash list: expected ${expected} bytes, got ${bytes.length}`);
  }
  let offset = bitmapBytes(count);
  return present.map((p) => {
    if (!p) return undefined;
    const h = bytes.subarray(offset, offset + HASH_BYTES);
    offset += HASH_BYTES;
    return h;
  });
}

/** Concatenates bitmaps of `count` instances each. */
export function encodeBitmaps(count: number, ...bitmaps: readonly (readonly boolean[])[]): Uint8Array {
  const size = bitmapBytes(count);
  const out = new Uint8Array(size * bitmaps.length);
  bitmaps.forEach((bits, k) => {
    out.set(encodeBitmap(bits), k * size);
  });
  return out;
}

/** Splits exactly `parts` bitmaps of `count` instances each; throws InvalidMessage on a length mismatch. */
export function decodeBitmaps(bytes: Uint8Array, count: number, parts: number): boolean[][] {
  const size = bitmapBytes(count);
  if (bytes.length !== size * parts) {
    throw new NetError('InvalidMessage', `bitmaps: expected ${size * parts} bytes, got ${bytes.length}`);
  }
  const out: boolean[][] = [];
  for (let k = 0; k < parts; k++) out.push(decodeBitmap(bytes, count, k * size));
  return out;
}
