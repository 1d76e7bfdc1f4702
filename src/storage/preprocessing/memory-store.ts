// In-memory preprocessing store for unit tests and single-process runs (what the reference KMS uses since it
// dropped Redis). Lost on restart.

import { PreprocessingExhaustedError, StorageNotFoundError } from '../errors.ts';
import { checkRequestId } from '../ids.ts';
import {
  checkBatchArgs,
  checkBatches,
  checkCount,
  checkErrorMessage,
  checkParty,
  type KindInventory,
  type PreprocessingProgress,
  type PreprocessingStore,
  type PushOptions,
} from './store.ts';

interface KindState {
  batches: Uint8Array[];
  pushed: number;
  taken: number;
}

interface Entry {
  kinds: Map<string, KindState>;
  progress?: PreprocessingProgress;
}

/** Preprocessing store in a Map.
 * @example const store = new MemoryPreprocessingStore('p1')
 */
export class MemoryPreprocessingStore implements PreprocessingStore {
  readonly party: string;
  readonly #entries = new Map<string, Entry>();

  constructor(party: string) {
    checkParty(party);
    this.party = party;
  }

  async push(preprocId: string, kind: string, batches: readonly Uint8Array[], options: PushOptions = {}) {
    checkBatchArgs(preprocId, kind);
    checkBatches(batches);
    if (options.produced !== undefined) checkCount('produced', options.produced, 0);
    const entry = this.#entry(preprocId);
    const state = this.#kind(entry, kind);
    for (const batch of batches) state.batches.push(Uint8Array.from(batch));
    state.pushed += batches.length;
    if (options.produced && entry.progress) {
      entry.progress = {
        ...entry.progress,
        produced: entry.progress.produced + options.produced,
        updatedAtMs: Date.now(),
      };
    }
    return state.batches.length;
  }

  async take(preprocId: string, kind: string, n: number): Promise<Uint8Array[]> {
    checkBatchArgs(preprocId, kind);
    checkCount('n', n, 0);
    const available = this.#entries.get(preprocId)?.kinds.get(kind)?.batches.length ?? 0;
    if (available < n) throw new PreprocessingExhaustedError(preprocId, kind, n, available);
    return this.#remove(preprocId, kind, n);
  }

  async pop(preprocId: string, kind: string, max: number): Promise<Uint8Array[]> {
    checkBatchArgs(preprocId, kind);
    checkCount('max', max, 0);
    return this.#remove(preprocId, kind, max);
  }

  async count(preprocId: string, kind: string): Promise<number> {
    checkBatchArgs(preprocId, kind);
    return this.#entries.get(preprocId)?.kinds.get(kind)?.batches.length ?? 0;
  }

  async inventory(preprocId: string): Promise<Record<string, KindInventory>> {
    checkRequestId('preprocId', preprocId);
    const out: Record<string, KindInventory> = {};
    for (const [kind, s] of this.#entries.get(preprocId)?.kinds ?? []) {
      out[kind] = { available: s.batches.length, pushed: s.pushed, taken: s.taken };
    }
    return out;
  }

  async startProgress(preprocId: string, needed: number): Promise<PreprocessingProgress> {
    checkRequestId('preprocId', preprocId);
    checkCount('needed', needed, 0);
    const entry = this.#entry(preprocId);
    entry.progress ??= { needed, produced: 0, status: 'InProgress', updatedAtMs: Date.now() };
    return entry.progress;
  }

  async addProduced(preprocId: string, n: number): Promise<PreprocessingProgress> {
    checkCount('n', n, 0);
    const entry = this.#withProgress(preprocId);
    entry.progress = { ...entry.progress, produced: entry.progress.produced + n, updatedAtMs: Date.now() };
    return entry.progress;
  }

  async finishProgress(
    preprocId: string,
    status: 'Done' | 'Failed',
    error?: string,
  ): Promise<PreprocessingProgress> {
    checkErrorMessage(error);
    const entry = this.#withProgress(preprocId);
    const { error: _previous, ...rest } = entry.progress;
    entry.progress = { ...rest, status, ...(error !== undefined ? { error } : {}), updatedAtMs: Date.now() };
    return entry.progress;
  }

  async getProgress(preprocId: string): Promise<PreprocessingProgress | undefined> {
    checkRequestId('preprocId', preprocId);
    return this.#entries.get(preprocId)?.progress;
  }

  async listIds(): Promise<string[]> {
    return [...this.#entries.keys()].sort();
  }

  async delete(preprocId: string): Promise<boolean> {
    checkRequestId('preprocId', preprocId);
    return this.#entries.delete(preprocId);
  }

  async close(): Promise<void> {}

  #entry(preprocId: string): Entry {
    let entry = this.#entries.get(preprocId);
    if (entry === undefined) {
      entry = { kinds: new Map() };
      this.#entries.set(preprocId, entry);
    }
    return entry;
  }

  #kind(entry: Entry, kind: string): KindState {
    let state = entry.kinds.get(kind);
    if (state === undefined) {
      state = { batches: [], pushed: 0, taken: 0 };
      entry.kinds.set(kind, state);
    }
    return state;
  }

  #withProgress(preprocId: string): Entry & { progress: PreprocessingProgress } {
    checkRequestId('preprocId', preprocId);
    const entry = this.#entries.get(preprocId);
    if (entry?.progress === undefined)
      throw new StorageNotFoundError(`preprocessing ${preprocId}: no progress record`);
    return entry as Entry & { progress: PreprocessingProgress };
  }

  #remove(preprocId: string, kind: string, n: number): Uint8Array[] {
    const state = this.#entries.get(preprocId)?.kinds.get(kind);
    if (state === undefined || n === 0) return [];
    const out = state.batches.splice(0, n);
    state.taken += out.length;
    return out;
  }
}
