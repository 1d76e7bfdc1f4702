import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PubDataType } from './data-types.ts';
import { StorageInvalidArgumentError } from './errors.ts';
import { partyPrefix } from './layout.ts';
import { openPreprocessingStore, openVault } from './open.ts';
import { MemoryPreprocessingStore } from './preprocessing/memory-store.ts';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'open-test-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('openVault / openPreprocessingStore', () => {
  it('opens a file vault under {path}/{prefix}', async () => {
    const vault = await openVault('PUB', partyPrefix('PUB', 3), { type: 'file', path: tmp });
    expect(vault.backend).toBe('file');
    await vault.put({ dataType: PubDataType.CRS, id: 'cc'.repeat(32) }, new Uint8Array([1]));
    expect((await fs.stat(path.join(tmp, 'PUB-p3', 'CRS', 'cc'.repeat(32)))).isFile()).toBe(true);
    await vault.close();
  });

  it('opens a memory vault and rejects unknown backends and half-given credentials', async () => {
    const vault = await openVault('PRIV', 'PRIV-p1', { type: 'ram' });
    expect(vault.backend).toBe('memory');
    await expect(openVault('PUB', 'PUB-p1', { type: 'gcs' } as never)).rejects.toThrow(
      StorageInvalidArgumentError,
    );
    await expect(
      openVault('PUB', 'PUB-p1', {
        type: 's3',
        bucket: 'kms',
        region: 'us-east-1',
        forcePathStyle: true,
        accessKeyId: 'only-half',
      }),
    ).rejects.toThrow(/go together/);
    await expect(openVault('PUB', 'PRIV-p1', { type: 'ram' })).rejects.toThrow(StorageInvalidArgumentError);
  });

  it('opens the memory preprocessing store and rejects unknown types', async () => {
    const store = await openPreprocessingStore({ type: 'memory' }, 'p2');
    expect(store).toBeInstanceOf(MemoryPreprocessingStore);
    expect(store.party).toBe('p2');
    await expect(openPreprocessingStore({ type: 'etcd' } as never, 'p2')).rejects.toThrow(
      StorageInvalidArgumentError,
    );
  });
});
