// The preprocessing store: binary batches of correlated randomness per (preprocessing id, kind), consumed in the
// order they were produced, plus a progress record so hours of preprocessing resume after a restart.
// Protocol code produces and consumes the batches; their encoding is its business (opaque Uint8Array here).

import { checkArg } from '../errors.ts';
import { checkRequestId } from '../ids.ts';

/** Batch kinds of the reference's Redis store (`REDIS_<party>_<suffix>`), plus `noiseKind(bound)`.
 * @example store.push(preprocId, PreprocessingKind.Triple, batches)
 */
export const PreprocessingKind = {
  Triple: 'triple',
  Randomness: 'randomness',
  Bit: 'bit',
  Mask: 'mask',
  NoiseLwe: 'noise_lwe',
  NoiseLweHat: 'noise_lwe_hat',
  NoiseGlwe: 'noise_glwe',
  NoiseGlweSns: 'noise_glwe_sns',
  NoiseCompressionKsk: 'noise_compression_ksk',
  SnsNoiseCompressionKsk: 'sns_noise_compression_ksk',
} as const;

const KIND_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const PARTY_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Kind of TUniform noise batches with bound `bound` (noise in [-2^bound, 2^bound]).
 * @example noiseKind(41) // 'noise_b41'
 */
export function noiseKind(bound: number): string {
  checkArg(
    Number.isInteger(bound) && bound >= 0 && bound <= 255,
    `bound: expected an integer in [0, 255], got ${bound}`,
  );
  return `noise_b${bound}`;
}

/** Status of a preprocessing run. */
export type PreprocessingStatus = 'InProgress' | 'Done' | 'Failed';

/** Progress of one preprocessing id, persisted with its batches. */
export interface PreprocessingProgress {
  /** Units (batches, sessions — the producer's choice) the run needs in total. */
  readonly needed: number;
  /** Units produced so far. */
  readonly produced: number;
  readonly status: PreprocessingStatus;
  /** Why the run failed (no secret material). */
  readonly error?: string;
  readonly updatedAtMs: number;
}

/** Batches of one kind: stored now, and pushed / taken over the id's lifetime. */
export interface KindInventory {
  readonly available: number;
  readonly pushed: number;
  readonly taken: number;
}

/** Options of `push`. */
export interface PushOptions {
  /** Also add this many units to the progress record's `produced`, atomically with the push. */
  readonly produced?: number;
}

/**
 * A party's preprocessing store.
 * @example
 * await store.startProgress(id, 100);
 * await store.push(id, PreprocessingKind.Triple, [batch], { produced: 1 });
 * const [b] = await store.take(id, PreprocessingKind.Triple, 1);
 */
export interface PreprocessingStore {
  /** Namespace of this party's keys. */
  readonly party: string;
  /** Appends batches; returns how many batches of this kind are stored afterwards. */
  push(
    preprocId: string,
    kind: string,
    batches: readonly Uint8Array[],
    options?: PushOptions,
  ): Promise<number>;
  /** Removes and returns exactly `n` batches, oldest first, atomically; PreprocessingExhaustedError (and nothing
   * taken) when fewer are stored. Concurrent consumers never receive the same batch. */
  take(preprocId: string, kind: string, n: number): Promise<Uint8Array[]>;
  /** Removes and returns up to `max` batches, oldest first, atomically. */
  pop(preprocId: string, kind: string, max: number): Promise<Uint8Array[]>;
  /** Batches of this kind stored now. */
  count(preprocId: string, kind: string): Promise<number>;
  /** Every kind ever pushed under this id with its counters. */
  inventory(preprocId: string): Promise<Record<string, KindInventory>>;
  /** Creates the progress record (`InProgress`, produced 0) unless one exists; returns the stored one either way,
   * so a restarted producer continues from `produced`. */
  startProgress(preprocId: string, needed: number): Promise<PreprocessingProgress>;
  /** Adds `n` to `produced`; StorageNotFoundError without a progress record. */
  addProduced(preprocId: string, n: number): Promise<PreprocessingProgress>;
  /** Marks the run `Done` or `Failed`; StorageNotFoundError without a progress record. */
  finishProgress(
    preprocId: string,
    status: 'Done' | 'Failed',
    error?: string,
  ): Promise<PreprocessingProgress>;
  getProgress(preprocId: string): Promise<PreprocessingProgress | undefined>;
  /** Preprocessing ids with batches or a progress record, sorted. */
  listIds(): Promise<string[]>;
  /** Removes every batch, counter and the progress record of `preprocId`; true when anything existed. */
  delete(preprocId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Validates a party namespace (letters, digits, `._-`, at most 64). */
export function checkParty(party: string): void {
  checkArg(
    typeof party === 'string' && PARTY_PATTERN.test(party),
    `party: expected 1-64 characters of [A-Za-z0-9._-], got ${JSON.stringify(party)}`,
  );
}

/** Validates a batch kind name (`[a-z][a-z0-9_]*`, at most 64). */
export function checkKind(kind: string): void {
  checkArg(
    typeof kind === 'string' && KIND_PATTERN.test(kind),
    `kind: expected [a-z][a-z0-9_]* (at most 64), got ${JSON.stringify(kind)}`,
  );
}

/** Validates the arguments shared by the store methods. */
export function checkBatchArgs(preprocId: string, kind: string): void {
  checkRequestId('preprocId', preprocId);
  checkKind(kind);
}

/** Validates a count argument (`min` … 2^31). */
export function checkCount(name: string, n: number, min: number): void {
  checkArg(
    Number.isInteger(n) && n >= min && n <= 2 ** 31,
    `${name}: expected an integer >= ${min}, got ${n}`,
  );
}

/** Validates batches: a non-empty list of Uint8Array. */
export function checkBatches(batches: readonly Uint8Array[]): void {
  checkArg(Array.isArray(batches), 'batches: expected an array of Uint8Array');
  for (const [i, batch] of batches.entries()) {
    checkArg(batch instanceof Uint8Array, `batches[${i}]: expected a Uint8Array`);
  }
}

/** Validates a failure message (kept short: it is persisted and shown in status). */
export function checkErrorMessage(error: string | undefined): void {
  checkArg(
    error === undefined || (typeof error === 'string' && error.length <= 1024),
    'error: at most 1024 characters',
  );
}
