// Binary framing for batched payloads: a concatenation of parts, each prefixed by its byte length as u32 LE.
// Parsing is bounded (part count, part size, total size) and returns views into the input, never copies.
import { checkBytes, checkInteger, NetError } from './errors.ts';

/** Bounds for `decodeFrames`. Every bound is checked before any allocation. */
export interface FrameLimits {
  /** Exact number of parts expected; any other count is rejected. */
  readonly count?: number;
  /** Largest number of parts accepted (default 65,536). */
  readonly maxParts?: number;
  /** Largest single part in bytes (default: no bound beyond the input length). */
  readonly maxPartBytes?: number;
  /** Largest input in bytes (default: no bound). */
  readonly maxTotalBytes?: number;
}

const DEFAULT_MAX_PARTS = 65_536;

/** Size in bytes of `encodeFrames(parts)`.
 * @example framedLength([new Uint8Array(3)]) // 7
 */
export function framedLength(parts: readonly Uint8Array[]): number {
  let total = 0;
  for (const part of parts) total += 4 + part.length;
  return total;
}

/**
 * Concatenates `parts`, each prefixed by its length (u32 LE), into one new buffer (one allocation).
 * @example encodeFrames([a, b]) // [len(a)][a][len(b)][b]
 */
export function encodeFrames(parts: readonly Uint8Array[]): Uint8Array {
  for (let i = 0; i < parts.length; i++) checkBytes(`parts[${i}]`, parts[i]);
  const out = new Uint8Array(framedLength(parts));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length, true);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

/**
 * Splits a framed buffer into its parts (subarray views of `bytes`). Throws a NetError of kind `InvalidMessage`
 * on a truncated prefix or body, trailing bytes, too many parts, an oversized part or input, or a wrong count.
 * @example const [header, body] = decodeFrames(bytes, { count: 2, maxPartBytes: 1 << 20 })
 */
export function decodeFrames(bytes: Uint8Array, limits: FrameLimits = {}): Uint8Array[] {
  checkBytes('bytes', bytes);
  const maxParts = limits.maxParts ?? DEFAULT_MAX_PARTS;
  const maxPartBytes = limits.maxPartBytes ?? Number.MAX_SAFE_INTEGER;
  if (limits.count !== undefined) checkInteger('limits.count', limits.count, 0, maxParts);
  if (limits.maxTotalBytes !== undefined && bytes.length > limits.maxTotalBytes) {
    throw new NetError(
      'InvalidMessage',
      `frame: ${bytes.length} bytes exceed the limit of ${limits.maxTotalBytes}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (parts.length >= maxParts || (limits.count !== undefined && parts.length >= limits.count)) {
      throw new NetError('InvalidMessage', `frame: more than ${limits.count ?? maxParts} parts`);
    }
    if (offset + 4 > bytes.length) {
      throw new NetError('InvalidMessage', `frame: truncated length prefix at byte ${offset}`);
    }
    const length = view.getUint32(offset, true);
    if (length > maxPartBytes) {
      throw new NetError(
        'InvalidMessage',
        `frame: part ${parts.length} of ${length} bytes exceeds ${maxPartBytes}`,
      );
    }
    const start = offset + 4;
    if (length > bytes.length - start) {
      throw new NetError(
        'InvalidMessage',
        `frame: part ${parts.length} declares ${length} bytes, only ${bytes.length - start} remain`,
      );
    }
    parts.push(bytes.subarray(start, start + length));
    offset = start + length;
  }
  if (limits.count !== undefined && parts.length !== limits.count) {
    throw new NetError('InvalidMessage', `frame: expected ${limits.count} parts, got ${parts.length}`);
  }
  return parts;
}
