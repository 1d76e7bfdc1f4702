import { describe, expect, it } from 'vitest';
import { KmsError } from '../errors.ts';
import { RateLimiter } from './rate-limiter.ts';
import { parseRequestId } from './request-id.ts';
import { RequestRegistry } from './request-registry.ts';

const id = (n: number) => n.toString(16).padStart(64, '0');

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as KmsError).kind;
  }
}

describe('request ids', () => {
  it('accepts 64 lower-case hex characters and rejects everything else', () => {
    expect(parseRequestId('a'.repeat(64))).toBe('a'.repeat(64));
    for (const bad of [
      '',
      'A'.repeat(64),
      `0x${'a'.repeat(62)}`,
      'a'.repeat(63),
      'a'.repeat(65),
      'g'.repeat(64),
      7,
    ]) {
      expect(() => parseRequestId(bad)).toThrow(KmsError);
    }
  });
});

describe('RequestRegistry', () => {
  it('answers Unavailable while pending, the result when done, NotFound for unknown ids', async () => {
    const registry = new RequestRegistry<number>('publicDecrypt', new RateLimiter(), { capacity: 10 });
    const work = deferred<number>();
    registry.start(id(1), () => work.promise);
    expect(await kindOf(registry.result(id(1)))).toBe('Unavailable');
    expect(await kindOf(registry.result(id(2)))).toBe('NotFound');
    work.resolve(42);
    expect(await registry.result(id(1), 1000)).toBe(42);
  });

  it('reports each run to its observer: started, then finished with its duration and outcome', async () => {
    const events: string[] = [];
    const seconds: number[] = [];
    const registry = new RequestRegistry<number>('publicDecrypt', new RateLimiter(), {
      capacity: 10,
      observer: {
        started: (kind) => events.push(`started ${kind}`),
        finished: (kind, s, outcome) => {
          events.push(`finished ${kind} ${outcome}`);
          seconds.push(s);
        },
      },
    });
    const work = deferred<number>();
    registry.start(id(1), () => work.promise);
    registry.start(id(2), () => Promise.reject(new Error('boom')));
    await new Promise((r) => setTimeout(r, 30));
    expect(events).toEqual([
      'started publicDecrypt',
      'started publicDecrypt',
      'finished publicDecrypt failed',
    ]);
    work.resolve(1);
    await registry.result(id(1), 1000);
    await new Promise((r) => setImmediate(r));
    expect(events.at(-1)).toBe('finished publicDecrypt succeeded');
    expect(seconds[1]).toBeGreaterThanOrEqual(0.02);
  });

  it('rejects a duplicate id with AlreadyExists but re-runs a failed one', async () => {
    const registry = new RequestRegistry<number>('keyGen', new RateLimiter(), { capacity: 10 });
    registry.start(id(1), async () => {
      throw new Error('peer 3 aborted the protocol');
    });
    expect(await kindOf(registry.result(id(1), 1000))).toBe('Aborted');
    registry.start(id(1), async () => 7);
    expect(await registry.result(id(1), 1000)).toBe(7);
    expect(() => registry.start(id(1), async () => 8)).toThrow(
      expect.objectContaining({ kind: 'AlreadyExists' }),
    );
    expect(await registry.result(id(1))).toBe(7);
  });

  it('sync attaches to a running request instead of starting a second one', async () => {
    const registry = new RequestRegistry<string>('userDecrypt', new RateLimiter(), { capacity: 10 });
    let runs = 0;
    const work = deferred<string>();
    const run = () => {
      runs++;
      return work.promise;
    };
    const first = registry.sync(id(5), run, 5_000);
    const second = registry.sync(id(5), run, 5_000);
    work.resolve('plain');
    expect(await first).toBe('plain');
    expect(await second).toBe('plain');
    expect(runs).toBe(1);
    expect(await kindOf(registry.sync(id(6), () => new Promise(() => {}), 20))).toBe('Unavailable');
  });

  it('takes rate-limit tokens while running and gives them back when done', async () => {
    const limiter = new RateLimiter({
      capacity: 2,
      costs: { publicDecrypt: 1, userDecrypt: 1, crsGen: 2, keyGenPreproc: 2, keyGen: 2 },
    });
    const registry = new RequestRegistry<number>('publicDecrypt', limiter, { capacity: 10 });
    const works = [deferred<number>(), deferred<number>()];
    registry.start(id(1), () => works[0].promise);
    registry.start(id(2), () => works[1].promise);
    expect(() => registry.start(id(3), async () => 3)).toThrow(
      expect.objectContaining({ kind: 'ResourceExhausted' }),
    );
    expect(registry.state(id(3))).toBeUndefined();
    works[0].resolve(1);
    await registry.result(id(1), 1000);
    registry.start(id(3), async () => 3);
    expect(await registry.result(id(3), 1000)).toBe(3);
    expect(limiter.tokensAvailable).toBe(1);
  });

  it('evicts the oldest finished entry when full and refuses when only running work remains', async () => {
    const registry = new RequestRegistry<number>('publicDecrypt', new RateLimiter(), { capacity: 2 });
    registry.start(id(1), async () => 1);
    await registry.result(id(1), 1000);
    registry.start(id(2), () => new Promise(() => {}));
    registry.start(id(3), () => new Promise(() => {}));
    expect(registry.state(id(1))).toBeUndefined();
    expect(() => registry.start(id(4), async () => 4)).toThrow(
      expect.objectContaining({ kind: 'ResourceExhausted' }),
    );
  });

  it('evicts by age of the last run: a failed id run again counts as new', async () => {
    const registry = new RequestRegistry<number>('publicDecrypt', new RateLimiter(), { capacity: 3 });
    registry.start(id(1), async () => {
      throw new Error('peer timeout');
    });
    await kindOf(registry.result(id(1), 1000));
    registry.start(id(2), () => new Promise(() => {}));
    registry.start(id(3), async () => 3);
    await registry.result(id(3), 1000);
    registry.start(id(1), async () => 1);
    await registry.result(id(1), 1000);
    // Full: 2 is running, 3 is the oldest finished run (1 ran again after it).
    registry.start(id(4), async () => 4);
    expect([1, 2, 3, 4].map((k) => registry.state(id(k)))).toEqual([
      'succeeded',
      'pending',
      undefined,
      'pending',
    ]);
    await registry.result(id(4), 1000);
    registry.start(id(5), async () => 5);
    expect(registry.state(id(1))).toBeUndefined();
    expect(registry.state(id(4))).toBe('succeeded');
  });

  it('restores finished results found in storage', async () => {
    const registry = new RequestRegistry<string>('keyGen', new RateLimiter(), { capacity: 10 });
    registry.restore(id(9), 'key');
    expect(await registry.result(id(9))).toBe('key');
    expect(registry.succeededIds()).toEqual([id(9)]);
    expect(() => registry.start(id(9), async () => 'again')).toThrow(
      expect.objectContaining({ kind: 'AlreadyExists' }),
    );
  });
});
