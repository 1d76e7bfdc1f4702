import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedisServer } from '../../../test/support/redis.ts';
import { StorageUnavailableError } from '../errors.ts';
import { openPreprocessingStore } from '../open.ts';
import { RedisPreprocessingStore } from './redis-store.ts';
import { PreprocessingKind } from './store.ts';
import { batch, indexOf, PREP_A, preprocessingStoreContract } from './store-contract.test-util.ts';

describe('Redis preprocessing store against a real redis-server', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedisServer({ persistent: true });
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    const admin = new Redis(server.url);
    await admin.flushall();
    await admin.quit();
  });

  preprocessingStoreContract((party) => RedisPreprocessingStore.connect(server.url, party));

  it('keeps batches, counters and progress across a reconnect and a server restart', async () => {
    const first = await RedisPreprocessingStore.connect(server.url, 'p1');
    await first.startProgress(PREP_A, 6);
    await first.push(PREP_A, PreprocessingKind.Triple, [batch(0), batch(1), batch(2), batch(3)], {
      produced: 4,
    });
    expect((await first.take(PREP_A, PreprocessingKind.Triple, 1)).map(indexOf)).toEqual([0]);
    await first.close();

    const second = await RedisPreprocessingStore.connect(server.url, 'p1');
    expect(await second.getProgress(PREP_A)).toMatchObject({ needed: 6, produced: 4, status: 'InProgress' });
    expect(await second.count(PREP_A, PreprocessingKind.Triple)).toBe(3);
    await second.close();

    await server.restart(); // append-only file, fsync always: nothing acknowledged is lost
    const third = await RedisPreprocessingStore.connect(server.url, 'p1');
    try {
      const resumed = await third.startProgress(PREP_A, 6);
      expect(resumed).toMatchObject({ needed: 6, produced: 4 });
      await third.push(PREP_A, PreprocessingKind.Triple, [batch(4), batch(5)], { produced: 2 });
      expect((await third.take(PREP_A, PreprocessingKind.Triple, 5)).map(indexOf)).toEqual([1, 2, 3, 4, 5]);
      expect(await third.inventory(PREP_A)).toEqual({ triple: { available: 0, pushed: 6, taken: 6 } });
      expect((await third.getProgress(PREP_A))?.produced).toBe(6);
    } finally {
      await third.close();
    }
  });

  it('a connected store rides through a server restart (reconnect, scripts reloaded)', async () => {
    const store = await RedisPreprocessingStore.connect(server.url, 'p3');
    try {
      await store.push(PREP_A, PreprocessingKind.Mask, [batch(0), batch(1)]);
      await server.restart(); // the server's script cache is empty afterwards
      expect((await store.take(PREP_A, PreprocessingKind.Mask, 1)).map(indexOf)).toEqual([0]);
      expect(await store.push(PREP_A, PreprocessingKind.Mask, [batch(2)])).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('concurrent poppers on separate connections never receive the same batch', async () => {
    const total = 600;
    const producer = await RedisPreprocessingStore.connect(server.url, 'p1');
    const consumers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => RedisPreprocessingStore.connect(server.url, 'p1')),
    );
    try {
      // Producer keeps pushing while consumers pop, so pops interleave with pushes.
      const produce = (async () => {
        for (let i = 0; i < total; i += 20) {
          await producer.push(
            PREP_A,
            PreprocessingKind.Bit,
            Array.from({ length: 20 }, (_, j) => batch(i + j)),
          );
        }
      })();
      let producing = true;
      void produce.finally(() => {
        producing = false;
      });
      const received = await Promise.all(
        consumers.map(async (store, c) => {
          const mine: number[] = [];
          while (producing || (await store.count(PREP_A, PreprocessingKind.Bit)) > 0) {
            const got =
              c % 2 === 0
                ? await store.pop(PREP_A, PreprocessingKind.Bit, 7)
                : await store.take(PREP_A, PreprocessingKind.Bit, 3).catch(() => [] as Uint8Array[]);
            mine.push(...got.map(indexOf));
          }
          return mine;
        }),
      );
      await produce;
      const all = received.flat();
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(received.filter((r) => r.length > 0).length).toBeGreaterThan(1);
      expect(await producer.inventory(PREP_A)).toEqual({
        bit: { available: 0, pushed: total, taken: total },
      });
    } finally {
      await producer.close();
      await Promise.all(consumers.map((s) => s.close()));
    }
  });

  it('openPreprocessingStore connects from a config section with a custom key prefix', async () => {
    const store = await openPreprocessingStore({ type: 'redis', url: server.url, keyPrefix: 'kms' }, 'p9');
    try {
      await store.push(PREP_A, PreprocessingKind.Triple, [batch(1)]);
      const admin = new Redis(server.url);
      expect(await admin.llen(`{kms:p9}:${PREP_A}:batches:triple`)).toBe(1);
      await admin.quit();
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable server as StorageUnavailableError', async () => {
    const closedPort = server.port === 1 ? 2 : 1;
    await expect(
      RedisPreprocessingStore.connect(`redis://127.0.0.1:${closedPort}`, 'p1', {
        redis: { retryStrategy: () => null, connectTimeout: 500 },
      }),
    ).rejects.toThrow(StorageUnavailableError);
  });
});
