import { describe, expect, it } from 'vitest';
import { StorageInvalidArgumentError } from '../errors.ts';
import { MemoryPreprocessingStore } from './memory-store.ts';
import { noiseKind } from './store.ts';
import { preprocessingStoreContract } from './store-contract.test-util.ts';

describe('memory preprocessing store', () => {
  preprocessingStoreContract(async (party) => new MemoryPreprocessingStore(party));

  it('rejects a malformed party namespace and noise bound', () => {
    expect(() => new MemoryPreprocessingStore('p1:x')).toThrow(StorageInvalidArgumentError);
    expect(() => noiseKind(-1)).toThrow(StorageInvalidArgumentError);
    expect(noiseKind(70)).toBe('noise_b70');
  });
});
