// Opening vaults and the preprocessing store from configuration values (the shapes of the core config's
// `storage.public|private` and `preprocessing` sections, accepted structurally).

import { checkArg } from './errors.ts';
import { openFileVault } from './file-vault.ts';
import type { VaultRole } from './layout.ts';
import { createMemoryVault } from './memory-vault.ts';
import { MemoryPreprocessingStore } from './preprocessing/memory-store.ts';
import { RedisPreprocessingStore } from './preprocessing/redis-store.ts';
import type { PreprocessingStore } from './preprocessing/store.ts';
import { createS3Client, ensureBucket, openS3Vault } from './s3-vault.ts';
import type { Vault, VaultLogger } from './vault.ts';

/** Where a vault keeps its objects. */
export type VaultStorageConfig =
  | { readonly type: 'file'; readonly path: string }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly endpoint?: string;
      readonly forcePathStyle: boolean;
      /** With `secretAccessKey`; when both are absent the SDK's default chain (env, …) applies. */
      readonly accessKeyId?: string;
      readonly secretAccessKey?: string;
    }
  | { readonly type: 'ram' };

/** Where the preprocessing store keeps its batches. */
export type PreprocessingStoreConfig =
  | { readonly type: 'memory' }
  | { readonly type: 'redis'; readonly url: string; readonly keyPrefix?: string };

/** Options of `openVault`. */
export interface OpenVaultOptions {
  readonly log?: VaultLogger;
  /** S3 only: create the bucket when it does not exist (local clusters and tests). Default false. */
  readonly createBucket?: boolean;
}

/**
 * Opens a vault of `role` under `prefix` (e.g. `partyPrefix('PUB', 1)`) on the configured backend.
 * @example const pub = await openVault('PUB', 'PUB-p1', config.storage.public)
 */
export async function openVault(
  role: VaultRole,
  prefix: string,
  storage: VaultStorageConfig,
  options: OpenVaultOptions = {},
): Promise<Vault> {
  switch (storage?.type) {
    case 'file':
      return openFileVault({ root: storage.path, role, prefix, log: options.log });
    case 'ram':
      return createMemoryVault(role, prefix, { log: options.log });
    case 's3': {
      checkArg(
        (storage.accessKeyId === undefined) === (storage.secretAccessKey === undefined),
        'storage: accessKeyId and secretAccessKey go together',
      );
      const client = createS3Client({
        region: storage.region,
        endpoint: storage.endpoint,
        forcePathStyle: storage.forcePathStyle,
        ...(storage.accessKeyId !== undefined && storage.secretAccessKey !== undefined
          ? { credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey } }
          : {}),
      });
      try {
        if (options.createBucket) await ensureBucket(client, storage.bucket);
        return openS3Vault({
          bucket: storage.bucket,
          role,
          prefix,
          client,
          closeClient: true,
          log: options.log,
        });
      } catch (err) {
        client.destroy();
        throw err;
      }
    }
    default:
      checkArg(
        false,
        `storage.type: expected file, s3 or ram, got ${JSON.stringify((storage as { type?: unknown })?.type)}`,
      );
  }
}

/**
 * Opens the party's preprocessing store; `party` namespaces its keys (e.g. `p1`).
 * @example const store = await openPreprocessingStore(config.preprocessing, `p${config.party.id}`)
 */
export async function openPreprocessingStore(
  config: PreprocessingStoreConfig,
  party: string,
): Promise<PreprocessingStore> {
  switch (config?.type) {
    case 'memory':
      return new MemoryPreprocessingStore(party);
    case 'redis':
      return RedisPreprocessingStore.connect(config.url, party, { keyPrefix: config.keyPrefix });
    default:
      checkArg(
        false,
        `preprocessing.type: expected memory or redis, got ${JSON.stringify((config as { type?: unknown })?.type)}`,
      );
  }
}
