// Binary preprocessing batches: one party's shares of `count` items of one kind, with a 16-byte header so a
// batch can be stored and read back without side information. Storage is the caller's (ARCHITECTURE.md).
//
// Header (little-endian): magic "TKPP" | version u8 | kind u8 | ring bits u8 (64/128) | degree u8 |
// count u32 | party u8 | noise bound u8 (TUniform b, else 0) | reserved u16. Then the payload words.
import { PrssError } from '../prss/errors.ts';

/** Kinds of preprocessed material. Triples carry a, b, c back to back (3 vectors of `count` elements). */
export type BatchKind = 'triples' | 'randoms' | 'bits' | 'noise';

const KIND_CODE: Record<BatchKind, number> = { triples: 1, randoms: 2, bits: 3, noise: 4 };
const KIND_OF = ['', 'triples', 'randoms', 'bits', 'noise'] as const;
const MAGIC = 0x50504b54; // "TKPP" read as a little-endian u32
const VERSION = 1;
/** Header size in bytes; the payload that follows is 8-byte aligned. */
export const BATCH_HEADER_BYTES = 16;

/**
 * One party's shares of a batch. `words` holds `count` GR(2^bits, degree) elements per vector in the algebra
 * layout (coefficient j of element i at (i·d + j)·w, w = 1 or 2 words); triples hold 3 vectors (a ‖ b ‖ c).
 */
export interface PreprocessingBatch {
  readonly kind: BatchKind;
  readonly bits: 64 | 128;
  readonly degree: number;
  readonly count: number;
  /** 1-based index of the party the shares belong to. */
  readonly party: number;
  /** TUniform bound exponent b for noise batches (samples in [−2^b, 2^b]); 0 otherwise. */
  readonly noiseBound: number;
  readonly words: BigUint64Array;
}

/** Number of element vectors a batch kind carries. @example vectorsPerItem('triples') === 3 */
export function vectorsPerItem(kind: BatchKind): number {
  return kind === 'triples' ? 3 : 1;
}

function expectedWords(b: Omit<PreprocessingBatch, 'words'>): number {
  return vectorsPerItem(b.kind) * b.count * b.degree * (b.bits === 64 ? 1 : 2);
}

/**
 * Serialises a batch: header then payload, one copy.
 * @example const bytes = encodeBatch(batch); decodeBatch(bytes).count === batch.count
 */
export function encodeBatch(batch: PreprocessingBatch): Uint8Array {
  if (batch.words.length !== expectedWords(batch)) {
    throw new PrssError(
      'InvalidArgument',
      `batch.words: expected ${expectedWords(batch)} words for ${batch.count} ${batch.kind}, got ${batch.words.length}`,
    );
  }
  const out = new Uint8Array(BATCH_HEADER_BYTES + batch.words.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint8(4, VERSION);
  view.setUint8(5, KIND_CODE[batch.kind]);
  view.setUint8(6, batch.bits);
  view.setUint8(7, batch.degree);
  view.setUint32(8, batch.count, true);
  view.setUint8(12, batch.party);
  view.setUint8(13, batch.noiseBound);
  out.set(
    new Uint8Array(batch.words.buffer, batch.words.byteOffset, batch.words.byteLength),
    BATCH_HEADER_BYTES,
  );
  return out;
}

/**
 * Parses a serialised batch, checking the header and the payload length; the payload is copied once so the
 * result is aligned and independent of `bytes`.
 * @example decodeBatch(encodeBatch(batch)).words // equal to batch.words
 */
export function decodeBatch(bytes: Uint8Array): PreprocessingBatch {
  if (!(bytes instanceof Uint8Array) || bytes.length < BATCH_HEADER_BYTES) {
    throw new PrssError('InvalidArgument', `bytes: expected at least ${BATCH_HEADER_BYTES} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new PrssError('InvalidArgument', 'bytes: not a preprocessing batch');
  const version = view.getUint8(4);
  if (version !== VERSION)
    throw new PrssError('InvalidArgument', `bytes: unsupported batch version ${version}`);
  const kind = KIND_OF[view.getUint8(5)];
  if (!kind) throw new PrssError('InvalidArgument', `bytes: unknown batch kind ${view.getUint8(5)}`);
  const bits = view.getUint8(6);
  if (bits !== 64 && bits !== 128) throw new PrssError('InvalidArgument', `bytes: unknown ring bits ${bits}`);
  const header = {
    kind,
    bits,
    degree: view.getUint8(7),
    count: view.getUint32(8, true),
    party: view.getUint8(12),
    noiseBound: view.getUint8(13),
  } as const;
  const wordCount = expectedWords(header);
  if (bytes.length !== BATCH_HEADER_BYTES + wordCount * 8) {
    throw new PrssError(
      'InvalidArgument',
      `bytes: expected ${BATCH_HEADER_BYTES + wordCount * 8} bytes for ${header.count} ${kind}, got ${bytes.length}`,
    );
  }
  const words = new BigUint64Array(wordCount);
  new Uint8Array(words.buffer).set(bytes.subarray(BATCH_HEADER_BYTES));
  return { ...header, words };
}
