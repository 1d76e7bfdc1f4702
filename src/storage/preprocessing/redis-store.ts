// Preprocessing store in Redis: one list of binary batches per (preprocessing id, kind), counters and the progress
// record in hashes. Every multi-key change is one Lua script, so it is atomic and concurrent consumers never
// receive the same batch. All keys of a party share the hash tag `{<keyPrefix>:<party>}` (one cluster slot).
//
//   {tkms:p1}:ids                      set of preprocessing ids
//   {tkms:p1}:<id>:batches:<kind>      list, oldest batch first (RPUSH / LPOP)
//   {tkms:p1}:<id>:kinds               set of kinds ever pushed
//   {tkms:p1}:<id>:stats               hash pushed:<kind>, taken:<kind>
//   {tkms:p1}:<id>:progress            hash needed, produced, status, error, updatedAtMs

import { Redis, type RedisOptions } from 'ioredis';
import {
  PreprocessingExhaustedError,
  StorageCorruptionError,
  StorageInvalidArgumentError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../errors.ts';
import { checkRequestId } from '../ids.ts';
import {
  checkBatchArgs,
  checkBatches,
  checkCount,
  checkErrorMessage,
  checkParty,
  type KindInventory,
  type PreprocessingProgress,
  type PreprocessingStatus,
  type PreprocessingStore,
  type PushOptions,
} from './store.ts';

const PUSH = `
for i = 5, #ARGV, 1000 do
  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'pushed:' .. ARGV[1], #ARGV - 4)
redis.call('SADD', KEYS[4], ARGV[2])
local produced = tonumber(ARGV[3])
if produced > 0 and redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('HINCRBY', KEYS[5], 'produced', produced)
  redis.call('HSET', KEYS[5], 'updatedAtMs', ARGV[4])
end
return redis.call('LLEN', KEYS[1])
`;

// Returns the batches, or the number stored (an integer) when `exact` and too few are stored.
const TAKE = `
local n = tonumber(ARGV[1])
local len = redis.call('LLEN', KEYS[1])
if ARGV[3] == '1' and len < n then return len end
if n == 0 or len == 0 then return {} end
local out = redis.call('LPOP', KEYS[1], n)
redis.call('HINCRBY', KEYS[2], 'taken:' .. ARGV[2], #out)
return out
`;

const START_PROGRESS = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'needed', ARGV[1], 'produced', 0, 'status', 'InProgress', 'updatedAtMs', ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
end
return redis.call('HGETALL', KEYS[1])
`;

const ADD_PRODUCED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HINCRBY', KEYS[1], 'produced', ARGV[1])
redis.call('HSET', KEYS[1], 'updatedAtMs', ARGV[2])
return redis.call('HGETALL', KEYS[1])
`;

const FINISH_PROGRESS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updatedAtMs', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[3]) else redis.call('HDEL', KEYS[1], 'error') end
return redis.call('HGETALL', KEYS[1])
`;

const DELETE = `
local existed = redis.call('SISMEMBER', KEYS[4], ARGV[1])
for _, kind in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('DEL', ARGV[2] .. kind)
end
local removed = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], ARGV[1])
if existed == 1 or removed > 0 then return 1 end
return 0
`;

const SCRIPTS = {
  tkmsPreprocPush: { numberOfKeys: 5, lua: PUSH },
  tkmsPreprocTake: { numberOfKeys: 2, lua: TAKE },
  tkmsPreprocStart: { numberOfKeys: 2, lua: START_PROGRESS },
  tkmsPreprocAddProduced: { numberOfKeys: 1, lua: ADD_PRODUCED },
  tkmsPreprocFinish: { numberOfKeys: 1, lua: FINISH_PROGRESS },
  tkmsPreprocDelete: { numberOfKeys: 4, lua: DELETE },
} as const;
type ScriptName = keyof typeof SCRIPTS;
type ScriptCall = (...args: (string | Buffer | number)[]) => Promise<unknown>;

/** Options of `RedisPreprocessingStore.connect`. */
export interface RedisPreprocessingStoreOptions {
  /** First part of every key; default `tkms`. */
  readonly keyPrefix?: string;
  /** Extra ioredis options (timeouts, TLS, password). */
  readonly redis?: RedisOptions;
}

/**
 * Preprocessing store backed by Redis (ioredis).
 * @example
 * const store = await RedisPreprocessingStore.connect('redis://127.0.0.1:6379', 'p1');
 * try { await store.push(id, 'triple', batches) } finally { await store.close() }
 */
export class RedisPreprocessingStore implements PreprocessingStore {
  readonly party: string;
  readonly #redis: Redis;
  readonly #ownsClient: boolean;
  readonly #ns: string;

  /** Wraps an existing client (not closed by `close()`). */
  constructor(redis: Redis, party: string, options: { keyPrefix?: string; ownsClient?: boolean } = {}) {
    checkParty(party);
    const keyPrefix = options.keyPrefix ?? 'tkms';
    if (!/^[A-Za-z0-9._-]{1,32}$/.test(keyPrefix)) {
      throw new StorageInvalidArgumentError(`keyPrefix: expected 1-32 characters of [A-Za-z0-9._-]`);
    }
    this.party = party;
    this.#redis = redis;
    this.#ownsClient = options.ownsClient ?? false;
    this.#ns = `{${keyPrefix}:${party}}`;
    for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
  }

  /** Connects to `url` (`redis://host:port[/db]`) and waits until the connection is ready. */
  static async connect(
    url: string,
    party: string,
    options: RedisPreprocessingStoreOptions = {},
  ): Promise<RedisPreprocessingStore> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, ...options.redis });
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new StorageUnavailableError(`redis preprocessing store: cannot connect`, { cause: err });
    }
    return new RedisPreprocessingStore(redis, party, { keyPrefix: options.keyPrefix, ownsClient: true });
  }

  async push(preprocId: string, kind: string, batches: readonly Uint8Array[], options: PushOptions = {}) {
    checkBatchArgs(preprocId, kind);
    checkBatches(batches);
    const produced = options.produced ?? 0;
    checkCount('produced', produced, 0);
    const args = batches.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    const length = await this.#run('tkmsPreprocPush', false, [
      this.#listKey(preprocId, kind),
      this.#key(preprocId, 'kinds'),
      this.#key(preprocId, 'stats'),
      this.#idsKey(),
      this.#key(preprocId, 'progress'),
      kind,
      preprocId,
      produced,
      Date.now(),
      ...args,
    ]);
    return Number(length);
  }

  async take(preprocId: string, kind: string, n: number): Promise<Uint8Array[]> {
    checkBatchArgs(preprocId, kind);
    checkCount('n', n, 0);
    return this.#take(preprocId, kind, n, true);
  }

  async pop(preprocId: string, kind: string, max: number): Promise<Uint8Array[]> {
    checkBatchArgs(preprocId, kind);
    checkCount('max', max, 0);
    return this.#take(preprocId, kind, max, false);
  }

  async count(preprocId: string, kind: string): Promise<number> {
    checkBatchArgs(preprocId, kind);
    return this.#call(() => this.#redis.llen(this.#listKey(preprocId, kind)));
  }

  async inventory(preprocId: string): Promise<Record<string, KindInventory>> {
    checkRequestId('preprocId', preprocId);
    const kinds = (await this.#call(() => this.#redis.smembers(this.#key(preprocId, 'kinds')))).sort();
    const stats = await this.#call(() => this.#redis.hgetall(this.#key(preprocId, 'stats')));
    const lengths = await this.#call(async () => {
      const pipeline = this.#redis.pipeline();
      for (const kind of kinds) pipeline.llen(this.#listKey(preprocId, kind));
      return (await pipeline.exec()) ?? [];
    });
    const out: Record<string, KindInventory> = {};
    kinds.forEach((kind, i) => {
      const [err, length] = lengths[i] ?? [new Error('missing pipeline reply'), 0];
      if (err) throw new StorageUnavailableError(`redis preprocessing store: LLEN failed`, { cause: err });
      out[kind] = {
        available: Number(length),
        pushed: Number(stats[`pushed:${kind}`] ?? 0),
        taken: Number(stats[`taken:${kind}`] ?? 0),
      };
    });
    return out;
  }

  async startProgress(preprocId: string, needed: number): Promise<PreprocessingProgress> {
    checkRequestId('preprocId', preprocId);
    checkCount('needed', needed, 0);
    const reply = await this.#run('tkmsPreprocStart', false, [
      this.#key(preprocId, 'progress'),
      this.#idsKey(),
      needed,
      Date.now(),
      preprocId,
    ]);
    return parseProgress(preprocId, reply);
  }

  async addProduced(preprocId: string, n: number): Promise<PreprocessingProgress> {
    checkRequestId('preprocId', preprocId);
    checkCount('n', n, 0);
    const reply = await this.#run('tkmsPreprocAddProduced', false, [
      this.#key(preprocId, 'progress'),
      n,
      Date.now(),
    ]);
    if (reply === null) throw new StorageNotFoundError(`preprocessing ${preprocId}: no progress record`);
    return parseProgress(preprocId, reply);
  }

  async finishProgress(
    preprocId: string,
    status: 'Done' | 'Failed',
    error?: string,
  ): Promise<PreprocessingProgress> {
    checkRequestId('preprocId', preprocId);
    if (status !== 'Done' && status !== 'Failed') {
      throw new StorageInvalidArgumentError(`status: expected Done or Failed, got ${JSON.stringify(status)}`);
    }
    checkErrorMessage(error);
    const reply = await this.#run('tkmsPreprocFinish', false, [
      this.#key(preprocId, 'progress'),
      status,
      Date.now(),
      error ?? '',
    ]);
    if (reply === null) throw new StorageNotFoundError(`preprocessing ${preprocId}: no progress record`);
    return parseProgress(preprocId, reply);
  }

  async getProgress(preprocId: string): Promise<PreprocessingProgress | undefined> {
    checkRequestId('preprocId', preprocId);
    const hash = await this.#call(() => this.#redis.hgetall(this.#key(preprocId, 'progress')));
    return Object.keys(hash).length === 0 ? undefined : progressFromHash(preprocId, hash);
  }

  async listIds(): Promise<string[]> {
    return (await this.#call(() => this.#redis.smembers(this.#idsKey()))).sort();
  }

  async delete(preprocId: string): Promise<boolean> {
    checkRequestId('preprocId', preprocId);
    const removed = await this.#run('tkmsPreprocDelete', false, [
      this.#key(preprocId, 'kinds'),
      this.#key(preprocId, 'stats'),
      this.#key(preprocId, 'progress'),
      this.#idsKey(),
      preprocId,
      `${this.#key(preprocId, 'batches')}:`,
    ]);
    return Number(removed) === 1;
  }

  async close(): Promise<void> {
    if (!this.#ownsClient) return;
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect(); // already broken: drop it
    }
  }

  async #take(preprocId: string, kind: string, n: number, exact: boolean): Promise<Uint8Array[]> {
    const reply = await this.#run('tkmsPreprocTake', true, [
      this.#listKey(preprocId, kind),
      this.#key(preprocId, 'stats'),
      n,
      kind,
      exact ? '1' : '0',
    ]);
    if (typeof reply === 'number') throw new PreprocessingExhaustedError(preprocId, kind, n, reply);
    if (!Array.isArray(reply))
      throw new StorageCorruptionError(`preprocessing ${preprocId}: unexpected reply to take`);
    return reply.map((b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }

  #idsKey(): string {
    return `${this.#ns}:ids`;
  }

  #key(preprocId: string, part: string): string {
    return `${this.#ns}:${preprocId}:${part}`;
  }

  #listKey(preprocId: string, kind: string): string {
    return `${this.#ns}:${preprocId}:batches:${kind}`;
  }

  #run(name: ScriptName, binary: boolean, args: (string | Buffer | number)[]): Promise<unknown> {
    const commands = this.#redis as unknown as Record<string, ScriptCall>;
    const fn = commands[binary ? `${name}Buffer` : name];
    if (fn === undefined)
      throw new StorageUnavailableError(`redis preprocessing store: script ${name} not defined`);
    return this.#call(() => fn.apply(this.#redis, args));
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw new StorageUnavailableError(`redis preprocessing store (${this.party}): ${describe(err)}`, {
        cause: err,
      });
    }
  }
}

function parseProgress(preprocId: string, reply: unknown): PreprocessingProgress {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new StorageCorruptionError(`preprocessing ${preprocId}: progress reply is not a hash`);
  }
  const hash: Record<string, string> = {};
  for (let i = 0; i < reply.length; i += 2) hash[String(reply[i])] = String(reply[i + 1]);
  return progressFromHash(preprocId, hash);
}

function progressFromHash(preprocId: string, hash: Record<string, string>): PreprocessingProgress {
  const needed = Number(hash.needed);
  const produced = Number(hash.produced);
  const updatedAtMs = Number(hash.updatedAtMs);
  const status = hash.status as PreprocessingStatus;
  if (
    !Number.isSafeInteger(needed) ||
    !Number.isSafeInteger(produced) ||
    !Number.isFinite(updatedAtMs) ||
    !['InProgress', 'Done', 'Failed'].includes(status)
  ) {
    throw new StorageCorruptionError(`preprocessing ${preprocId}: malformed progress record`);
  }
  return { needed, produced, status, updatedAtMs, ...(hash.error ? { error: hash.error } : {}) };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
