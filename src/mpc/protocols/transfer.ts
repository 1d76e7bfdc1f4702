// One-to-all transfer of large byte strings over a Session: a header round announces the lengths, then chunk
// rounds carry at most `chunkBytes` per message, so no message exceeds the transport's size limit.
import { isMissing, type Session } from '../net/index.ts';
import { ProtocolAbortError, ProtocolInputError } from './errors.ts';

export interface TransferLimits {
  /** Largest payload of one message. */
  chunkBytes: number;
  /** Largest total a receiver accepts (checked before allocating). */
  maxTotalBytes: number;
}

/**
 * Sends `items(to)` (one list of byte strings per recipient; same shape for everyone) from this party to every
 * other party. Rounds: 1 + ceil(largest total / chunkBytes), identical at sender and receivers.
 */
export async function sendItems(
  session: Session,
  items: (to: number) => Uint8Array[],
  limits: TransferLimits,
): Promise<void> {
  const perParty = new Map<number, Uint8Array[]>();
  let maxTotal = 0;
  for (let to = 1; to <= session.numParties; to++) {
    if (to === session.partyIndex) continue;
    const list = items(to);
    perParty.set(to, list);
    const total = totalLength(list);
    // Every recipient runs the same rounds, so every recipient must get the same number of bytes.
    if (perParty.size > 1 && total !== maxTotal) {
      throw new ProtocolInputError('items: every recipient must receive the same total length');
    }
    maxTotal = total;
  }
  const chunks = Math.ceil(maxTotal / limits.chunkBytes);
  await session.exchange(
    (to) => (to === session.partyIndex ? undefined : header(perParty.get(to)!, chunks)),
    {
      from: [],
    },
  );
  const joined = new Map<number, Uint8Array>();
  for (const [to, list] of perParty) joined.set(to, concat(list));
  for (let c = 0; c < chunks; c++) {
    await session.exchange(
      (to) => {
        const all = joined.get(to);
        return all ? all.subarray(c * limits.chunkBytes, (c + 1) * limits.chunkBytes) : undefined;
      },
      { from: [] },
    );
  }
}

/** Receives what `sendItems` sent from `sender`; aborts naming the sender when it is silent or inconsistent. */
export async function receiveItems(
  session: Session,
  sender: number,
  limits: TransferLimits,
): Promise<Uint8Array[]> {
  const first = (await session.exchange(undefined, { from: [sender] }))[sender];
  if (isMissing(first)) throw new ProtocolAbortError(`party ${sender} sent no transfer header`, [sender]);
  const { lengths, chunks } = parseHeader(first, limits, sender);
  const total = lengths.reduce((a, b) => a + b, 0);
  const buffer = new Uint8Array(total);
  let at = 0;
  for (let c = 0; c < chunks; c++) {
    const chunk = (await session.exchange(undefined, { from: [sender] }))[sender];
    if (isMissing(chunk))
      throw new ProtocolAbortError(`party ${sender} stopped sending at chunk ${c}`, [sender]);
    if (chunk.length > limits.chunkBytes || at + chunk.length > total) {
      throw new ProtocolAbortError(`party ${sender} sent an oversized chunk`, [sender]);
    }
    buffer.set(chunk, at);
    at += chunk.length;
  }
  if (at !== total) throw new ProtocolAbortError(`party ${sender} sent ${at} of ${total} bytes`, [sender]);
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    out.push(buffer.subarray(offset, offset + length));
    offset += length;
  }
  return out;
}

function header(list: Uint8Array[], chunks: number): Uint8Array {
  const out = new Uint8Array(8 + 8 * list.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, chunks, true);
  view.setUint32(4, list.length, true);
  for (let i = 0; i < list.length; i++) view.setFloat64(8 + 8 * i, list[i].length, true);
  return out;
}

function parseHeader(bytes: Uint8Array, limits: TransferLimits, sender: number) {
  const bad = (why: string): never => {
    throw new ProtocolAbortError(`party ${sender} sent a bad transfer header: ${why}`, [sender]);
  };
  if (bytes.length < 8) bad('truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  if (bytes.length !== 8 + 8 * count) bad('length mismatch');
  const lengths: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const length = view.getFloat64(8 + 8 * i, true);
    if (!Number.isSafeInteger(length) || length < 0) bad(`item ${i} length`);
    lengths.push(length);
    total += length;
  }
  if (total > limits.maxTotalBytes) bad(`${total} bytes exceed the limit ${limits.maxTotalBytes}`);
  if (chunks !== Math.ceil(total / limits.chunkBytes)) bad('chunk count does not match the lengths');
  return { lengths, chunks };
}

function totalLength(list: Uint8Array[]): number {
  return list.reduce((a, b) => a + b.length, 0);
}

function concat(list: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(totalLength(list));
  let at = 0;
  for (const item of list) {
    out.set(item, at);
    at += item.length;
  }
  return out;
}
