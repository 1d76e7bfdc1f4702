// The vault: put-if-absent / get / exists / list / delete over the reference layout, on top of a small object
// backend (file, S3, memory). Validation and layout live here once; a backend only moves bytes under keys.

import type { DataType } from './data-types.ts';
import { StorageInvalidArgumentError, StorageNotFoundError } from './errors.ts';
import { isRequestId } from './ids.ts';
import {
  checkDataTypeForRole,
  checkPrefix,
  dataTypeKey,
  type ObjectRef,
  objectKey,
  type VaultRole,
} from './layout.ts';

/** Outcome of a write: vaults never overwrite, an existing object is kept and the write reports `skipped`. */
export type PutResult = { readonly status: 'stored'; readonly key: string } | SkippedPut;
/** A write that found the object already there. */
export interface SkippedPut {
  readonly status: 'skipped';
  readonly reason: 'exists';
  readonly key: string;
}

/** Minimal logger the vault warns through (pino's `Logger` fits). */
export interface VaultLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * One party's public, private, backup or client vault.
 * @example
 * const r = await vault.put({ dataType: PubDataType.CRS, id: crsId }, bytes);
 * if (r.status === 'skipped') { … the CRS was already there and is kept … }
 */
export interface Vault {
  readonly role: VaultRole;
  readonly prefix: string;
  /** `file`, `s3` or `memory`. */
  readonly backend: string;
  /** Stores `bytes` unless the object exists; never overwrites. */
  put(ref: ObjectRef, bytes: Uint8Array): Promise<PutResult>;
  /** The stored bytes; StorageNotFoundError when absent. */
  get(ref: ObjectRef): Promise<Uint8Array>;
  exists(ref: ObjectRef): Promise<boolean>;
  /** Ids stored under a data type (and epoch for epoch-scoped types), sorted. */
  list(dataType: DataType, epochId?: string): Promise<string[]>;
  /** Removes an object; for tests and administration only. True when something was removed. */
  delete(ref: ObjectRef): Promise<boolean>;
  close(): Promise<void>;
}

/** What a storage backend provides: bytes under `/`-separated keys that the vault has already validated. */
export interface ObjectBackend {
  readonly kind: string;
  /** Stores atomically unless `key` exists; true when stored, false when it existed. */
  putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean>;
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** Names of the objects directly under `dirKey` (no recursion). */
  listNames(dirKey: string): Promise<string[]>;
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A Vault over any ObjectBackend. Use the backend factories (`openFileVault`, `openS3Vault`, `createMemoryVault`).
 * @example const vault = new LayoutVault('PUB', 'PUB-p1', backend)
 */
export class LayoutVault implements Vault {
  readonly role: VaultRole;
  readonly prefix: string;
  readonly #objects: ObjectBackend;
  readonly #log: VaultLogger | undefined;

  constructor(role: VaultRole, prefix: string, objects: ObjectBackend, log?: VaultLogger) {
    checkPrefix(role, prefix);
    this.role = role;
    this.prefix = prefix;
    this.#objects = objects;
    this.#log = log;
  }

  get backend(): string {
    return this.#objects.kind;
  }

  async put(ref: ObjectRef, bytes: Uint8Array): Promise<PutResult> {
    const key = objectKey(this.role, this.prefix, ref);
    if (!(bytes instanceof Uint8Array)) throw new StorageInvalidArgumentError('bytes: expected a Uint8Array');
    if (await this.#objects.putIfAbsent(key, bytes)) return { status: 'stored', key };
    this.#log?.warn(
      { key, backend: this.backend },
      'vault object exists; kept the stored one, skipped the write',
    );
    return { status: 'skipped', reason: 'exists', key };
  }

  async get(ref: ObjectRef): Promise<Uint8Array> {
    const key = objectKey(this.role, this.prefix, ref);
    const bytes = await this.#objects.get(key);
    if (bytes === undefined)
      throw new StorageNotFoundError(`no object at ${key} in the ${this.backend} vault`);
    return bytes;
  }

  async exists(ref: ObjectRef): Promise<boolean> {
    return this.#objects.exists(objectKey(this.role, this.prefix, ref));
  }

  async list(dataType: DataType, epochId?: string): Promise<string[]> {
    checkDataTypeForRole(this.role, dataType);
    const names = await this.#objects.listNames(dataTypeKey(this.role, this.prefix, dataType, epochId));
    // Temp files, epoch directories and foreign objects are not ids.
    return names.filter(isRequestId).sort();
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    return this.#objects.delete(objectKey(this.role, this.prefix, ref));
  }

  close(): Promise<void> {
    return this.#objects.close();
  }
}

/** Stores `bytes`, or, when the object exists, checks that it holds exactly `bytes`; false when it differs.
 * For material that must be the same on every boot (verification keys, addresses).
 * @example if (!(await putOrMatch(pub, ref, verfKey))) throw new Error('published key differs')
 */
export async function putOrMatch(vault: Vault, ref: ObjectRef, bytes: Uint8Array): Promise<boolean> {
  const result = await vault.put(ref, bytes);
  if (result.status === 'stored') return true;
  return Buffer.from(await vault.get(ref)).equals(Buffer.from(bytes));
}
