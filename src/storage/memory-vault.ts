// In-memory vault backend for unit tests (the reference's `ram` storage). Bytes are copied in and out so callers
// can never alias stored objects.

import type { VaultRole } from './layout.ts';
import { LayoutVault, type ObjectBackend, type Vault, type VaultLogger } from './vault.ts';

/** Object backend over a Map; several vaults may share one to model a shared bucket. */
export class MemoryObjectBackend implements ObjectBackend {
  readonly kind = 'memory';
  readonly #objects = new Map<string, Uint8Array>();

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    if (this.#objects.has(key)) return false;
    this.#objects.set(key, Uint8Array.from(bytes));
    return true;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const bytes = this.#objects.get(key);
    return bytes === undefined ? undefined : Uint8Array.from(bytes);
  }

  async exists(key: string): Promise<boolean> {
    return this.#objects.has(key);
  }

  async listNames(dirKey: string): Promise<string[]> {
    const start = `${dirKey}/`;
    const names: string[] = [];
    for (const key of this.#objects.keys()) {
      if (key.startsWith(start) && !key.includes('/', start.length)) names.push(key.slice(start.length));
    }
    return names;
  }

  async delete(key: string): Promise<boolean> {
    return this.#objects.delete(key);
  }

  async close(): Promise<void> {}

  /** Number of stored objects (all prefixes). */
  get size(): number {
    return this.#objects.size;
  }
}

/** A vault kept in memory.
 * @example const pub = createMemoryVault('PUB', 'PUB-p1')
 */
export function createMemoryVault(
  role: VaultRole,
  prefix: string = role,
  options: { backend?: MemoryObjectBackend; log?: VaultLogger } = {},
): Vault {
  return new LayoutVault(role, prefix, options.backend ?? new MemoryObjectBackend(), options.log);
}
