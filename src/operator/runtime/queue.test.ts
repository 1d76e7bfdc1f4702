import { describe, expect, it } from 'vitest';
import { backoffDelay, WorkQueue } from './queue.ts';

describe('WorkQueue', () => {
  it('deduplicates queued keys and hands them out in order', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('never hands out a key twice at once; a key re-added in flight comes back after done()', async () => {
    const q = new WorkQueue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    expect(q.length).toBe(0);
    q.done(key as string);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('backs off per key, doubling to the cap, and forget() resets it', () => {
    expect([1, 2, 3, 4, 30].map((f) => backoffDelay(f, { baseMs: 100, maxMs: 1000 }))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    const q = new WorkQueue({ baseMs: 10_000, maxMs: 60_000 });
    expect(q.addRateLimited('a')).toBe(10_000);
    expect(q.addRateLimited('a')).toBe(20_000);
    expect(q.addRateLimited('b')).toBe(10_000);
    q.forget('a');
    expect(q.failuresOf('a')).toBe(0);
    q.shutdown();
  });

  it('releases blocked workers on shutdown', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.shutdown();
    expect(await waiting).toBeUndefined();
    q.add('x');
    expect(q.length).toBe(0);
  });

  it('addAfter queues the key once the delay passes', async () => {
    const q = new WorkQueue();
    q.addAfter('late', 20);
    expect(q.length).toBe(0);
    expect(await q.get()).toBe('late');
  });
});
