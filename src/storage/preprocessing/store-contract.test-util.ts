// Behaviour every PreprocessingStore must show; run against the memory store (unit) and Redis (integration).

import { expect, it } from 'vitest';
import { PreprocessingExhaustedError, StorageInvalidArgumentError, StorageNotFoundError } from '../errors.ts';
import { noiseKind, PreprocessingKind, type PreprocessingStore } from './store.ts';

export const PREP_A = 'aa'.repeat(32);
export const PREP_B = 'bb'.repeat(32);

/** A batch whose bytes encode `index` (4 bytes big-endian) followed by `size - 4` filler bytes. */
export function batch(index: number, size = 16): Uint8Array {
  const bytes = new Uint8Array(size).fill(index & 0xff);
  new DataView(bytes.buffer).setUint32(0, index);
  return bytes;
}

export function indexOf(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
}

/** Registers the contract tests; `open` returns a fresh, empty store for party `party`. */
export function preprocessingStoreContract(open: (party: string) => Promise<PreprocessingStore>): void {
  it('pushes and takes batches in production order, counting per kind', async () => {
    const store = await open('p1');
    try {
      expect(await store.push(PREP_A, PreprocessingKind.Triple, [batch(0), batch(1), batch(2)])).toBe(3);
      expect(await store.push(PREP_A, PreprocessingKind.Triple, [batch(3)])).toBe(4);
      expect(await store.push(PREP_A, noiseKind(41), [batch(100)])).toBe(1);
      expect(await store.count(PREP_A, PreprocessingKind.Triple)).toBe(4);
      expect(await store.count(PREP_A, PreprocessingKind.Bit)).toBe(0);
      const taken = await store.take(PREP_A, PreprocessingKind.Triple, 3);
      expect(taken.map(indexOf)).toEqual([0, 1, 2]);
      expect(Array.from(taken[1]!)).toEqual(Array.from(batch(1)));
      expect(await store.count(PREP_A, PreprocessingKind.Triple)).toBe(1);
      expect(await store.inventory(PREP_A)).toEqual({
        noise_b41: { available: 1, pushed: 1, taken: 0 },
        triple: { available: 1, pushed: 4, taken: 3 },
      });
    } finally {
      await store.close();
    }
  });

  it('take is all-or-nothing; pop returns what is there', async () => {
    const store = await open('p1');
    try {
      await store.push(PREP_A, PreprocessingKind.Bit, [batch(0), batch(1)]);
      const attempt = store.take(PREP_A, PreprocessingKind.Bit, 3);
      await expect(attempt).rejects.toThrow(PreprocessingExhaustedError);
      await expect(store.take(PREP_A, PreprocessingKind.Bit, 3)).rejects.toMatchObject({
        available: 2,
        requested: 3,
      });
      expect(await store.count(PREP_A, PreprocessingKind.Bit)).toBe(2);
      expect((await store.pop(PREP_A, PreprocessingKind.Bit, 5)).map(indexOf)).toEqual([0, 1]);
      expect(await store.pop(PREP_A, PreprocessingKind.Bit, 5)).toEqual([]);
      expect(await store.take(PREP_A, PreprocessingKind.Bit, 0)).toEqual([]);
      await expect(store.take(PREP_B, PreprocessingKind.Bit, 1)).rejects.toThrow(PreprocessingExhaustedError);
    } finally {
      await store.close();
    }
  });

  it('keeps binary batches exact, including empty and large ones', async () => {
    const store = await open('p1');
    try {
      const big = new Uint8Array(1 << 20);
      for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 7) & 0xff;
      const zeros = new Uint8Array([0, 0, 0, 255, 13, 10]);
      await store.push(PREP_A, PreprocessingKind.Randomness, [big, new Uint8Array(0), zeros]);
      const [b0, b1, b2] = await store.take(PREP_A, PreprocessingKind.Randomness, 3);
      expect(Buffer.from(b0!).equals(Buffer.from(big))).toBe(true);
      expect(b1!.length).toBe(0);
      expect(Array.from(b2!)).toEqual(Array.from(zeros));
    } finally {
      await store.close();
    }
  });

  it('progress: start is idempotent, produced grows (also atomically with a push), finish records the status', async () => {
    const store = await open('p1');
    try {
      expect(await store.getProgress(PREP_A)).toBeUndefined();
      await expect(store.addProduced(PREP_A, 1)).rejects.toThrow(StorageNotFoundError);
      const started = await store.startProgress(PREP_A, 10);
      expect(started).toMatchObject({ needed: 10, produced: 0, status: 'InProgress' });
      await store.addProduced(PREP_A, 2);
      await store.push(PREP_A, PreprocessingKind.Triple, [batch(0)], { produced: 3 });
      // A restarted producer calling start again gets the stored record, not a reset one.
      expect(await store.startProgress(PREP_A, 99)).toMatchObject({ needed: 10, produced: 5 });
      const failed = await store.finishProgress(PREP_A, 'Failed', 'peer 3 timed out');
      expect(failed).toMatchObject({ status: 'Failed', error: 'peer 3 timed out', produced: 5 });
      const done = await store.finishProgress(PREP_A, 'Done');
      expect(done.status).toBe('Done');
      expect(done.error).toBeUndefined();
      expect(await store.getProgress(PREP_A)).toEqual(done);
    } finally {
      await store.close();
    }
  });

  it('lists and deletes preprocessing ids with all their kinds and progress', async () => {
    const store = await open('p1');
    try {
      await store.push(PREP_A, PreprocessingKind.Triple, [batch(0)]);
      await store.push(PREP_A, PreprocessingKind.Mask, [batch(1)]);
      await store.startProgress(PREP_B, 4);
      expect(await store.listIds()).toEqual([PREP_A, PREP_B]);
      expect(await store.delete(PREP_A)).toBe(true);
      expect(await store.delete(PREP_A)).toBe(false);
      expect(await store.count(PREP_A, PreprocessingKind.Triple)).toBe(0);
      expect(await store.count(PREP_A, PreprocessingKind.Mask)).toBe(0);
      expect(await store.inventory(PREP_A)).toEqual({});
      expect(await store.listIds()).toEqual([PREP_B]);
      expect(await store.delete(PREP_B)).toBe(true);
      expect(await store.getProgress(PREP_B)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('parties are isolated namespaces', async () => {
    const p1 = await open('p1');
    const p2 = await open('p2');
    try {
      await p1.push(PREP_A, PreprocessingKind.Triple, [batch(0)]);
      expect(await p2.count(PREP_A, PreprocessingKind.Triple)).toBe(0);
      expect(await p2.listIds()).toEqual([]);
    } finally {
      await p1.close();
      await p2.close();
    }
  });

  it('rejects malformed ids, kinds and counts before touching storage', async () => {
    const store = await open('p1');
    try {
      await expect(store.push('not-an-id', 'triple', [batch(0)])).rejects.toThrow(
        StorageInvalidArgumentError,
      );
      await expect(store.push(PREP_A, 'Triple', [batch(0)])).rejects.toThrow(StorageInvalidArgumentError);
      await expect(store.push(PREP_A, 'a:b', [batch(0)])).rejects.toThrow(StorageInvalidArgumentError);
      await expect(store.push(PREP_A, 'triple', ['x' as never])).rejects.toThrow(StorageInvalidArgumentError);
      await expect(store.take(PREP_A, 'triple', -1)).rejects.toThrow(StorageInvalidArgumentError);
      await expect(store.pop(PREP_A, 'triple', 1.5)).rejects.toThrow(StorageInvalidArgumentError);
      expect(await store.listIds()).toEqual([]);
    } finally {
      await store.close();
    }
  });
}
