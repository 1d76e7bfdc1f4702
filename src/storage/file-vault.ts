// File vault backend: `{root}/{prefix}/{DataType}[/{epochId}]/{id}`.
// A write goes to a temp file in the target directory, is fsynced, then published with link(2), which fails when
// the target exists — so "never overwrite" holds even between two writers racing on the same id, and a reader
// never sees a partial object. Temp files left by a crash (untouched for a minute) are swept when the vault opens.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { checkArg, StorageUnavailableError } from './errors.ts';
import { checkPrefix, isPrivateRole, type VaultRole } from './layout.ts';
import { LayoutVault, type ObjectBackend, type Vault, type VaultLogger } from './vault.ts';

/** Name prefix of in-flight writes; never a valid id, so listings skip them. */
export const TEMP_FILE_PREFIX = '.tmp-';

/** File and directory modes of a vault. */
export interface FileModes {
  readonly file: number;
  readonly dir: number;
}

/** Private and backup vaults: owner-only. */
export const PRIVATE_MODES: FileModes = { file: 0o600, dir: 0o700 };
/** Public and client vaults: world-readable. */
export const PUBLIC_MODES: FileModes = { file: 0o644, dir: 0o755 };

/** Options of `openFileVault`. */
export interface FileVaultOptions {
  /** Directory holding the prefix directory; created if missing (its own mode is left alone). */
  readonly root: string;
  readonly role: VaultRole;
  /** Defaults to the role name. */
  readonly prefix?: string;
  /** Temp files untouched for this long are left over from a crash and removed at open; younger ones may belong
   * to a write in flight in another process. Default 60 s. */
  readonly staleTempAgeMs?: number;
  readonly log?: VaultLogger;
}

/** Default age after which an untouched temp file counts as left over from a crash. */
export const DEFAULT_STALE_TEMP_AGE_MS = 60_000;

/** Object backend on a local filesystem, rooted at `{root}` (keys start with the prefix). */
export class FileObjectBackend implements ObjectBackend {
  readonly kind = 'file';
  readonly #root: string;
  readonly #modes: FileModes;

  constructor(root: string, modes: FileModes) {
    this.#root = path.resolve(root);
    this.#modes = modes;
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    const target = this.#path(key);
    if (await this.exists(key)) return false;
    const dir = path.dirname(target);
    await this.#ensureDir(dir);
    const temp = path.join(
      dir,
      `${TEMP_FILE_PREFIX}${path.basename(target)}-${randomBytes(6).toString('hex')}`,
    );
    try {
      const handle = await fs.open(
        temp,
        fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL,
        this.#modes.file,
      );
      try {
        await handle.chmod(this.#modes.file); // the umask may have cleared bits of a public file
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const stored = await this.#publish(temp, target);
      if (stored) await syncDir(dir);
      return stored;
    } catch (err) {
      throw wrap(`write ${key}`, err);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const buffer = await fs.readFile(this.#path(key));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return undefined;
      throw wrap(`read ${key}`, err);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.#path(key))).isFile();
    } catch (err) {
      if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return false;
      throw wrap(`stat ${key}`, err);
    }
  }

  async listNames(dirKey: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.#path(dirKey), { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return [];
      throw wrap(`list ${dirKey}`, err);
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await fs.unlink(this.#path(key));
      return true;
    } catch (err) {
      if (isCode(err, 'ENOENT')) return false;
      throw wrap(`delete ${key}`, err);
    }
  }

  async close(): Promise<void> {}

  /** Creates `{root}/{prefix}` with the vault's directory mode, tightens it if it exists, and removes temp files
   * under it not modified for `staleTempAgeMs` (left by a crash mid-write). */
  async prepare(prefix: string, staleTempAgeMs: number): Promise<number> {
    await fs.mkdir(this.#root, { recursive: true });
    const base = this.#path(prefix);
    await this.#ensureDir(base);
    await fs.chmod(base, this.#modes.dir);
    return sweepTempFiles(base, Date.now() - staleTempAgeMs);
  }

  #path(key: string): string {
    // Keys come from layout.ts (validated segments only); join them under the root.
    return path.join(this.#root, ...key.split('/'));
  }

  async #ensureDir(dir: string): Promise<void> {
    // mkdir one level at a time below the root so every directory created gets the vault's mode exactly.
    const relative = path.relative(this.#root, dir);
    let current = this.#root;
    for (const segment of relative.split(path.sep).filter(Boolean)) {
      current = path.join(current, segment);
      try {
        await fs.mkdir(current, { mode: this.#modes.dir });
        await fs.chmod(current, this.#modes.dir);
      } catch (err) {
        if (!isCode(err, 'EEXIST')) throw wrap(`mkdir ${segment}`, err);
      }
    }
  }

  async #publish(temp: string, target: string): Promise<boolean> {
    try {
      await fs.link(temp, target);
      return true;
    } catch (err) {
      if (isCode(err, 'EEXIST')) return false;
      // Filesystems without hard links: rename after a fresh existence check (a race can then overwrite).
      if (
        isCode(err, 'EPERM') ||
        isCode(err, 'ENOTSUP') ||
        isCode(err, 'EOPNOTSUPP') ||
        isCode(err, 'EXDEV')
      ) {
        if (await fileExists(target)) return false;
        await fs.rename(temp, target);
        return true;
      }
      throw err;
    }
  }
}

/**
 * Opens (creating if needed) a file vault at `{root}/{prefix}`: private and backup vaults get files 0600 and
 * directories 0700; stale temp files are swept.
 * @example const priv = await openFileVault({ root: '/var/lib/kms', role: 'PRIV', prefix: 'PRIV-p1' })
 */
export async function openFileVault(options: FileVaultOptions): Promise<Vault> {
  checkArg(typeof options?.root === 'string' && options.root.length > 0, 'root: expected a directory path');
  const prefix = options.prefix ?? options.role;
  checkPrefix(options.role, prefix);
  const backend = new FileObjectBackend(
    options.root,
    isPrivateRole(options.role) ? PRIVATE_MODES : PUBLIC_MODES,
  );
  const staleTempAgeMs = options.staleTempAgeMs ?? DEFAULT_STALE_TEMP_AGE_MS;
  checkArg(
    Number.isFinite(staleTempAgeMs) && staleTempAgeMs >= 0,
    'staleTempAgeMs: expected a non-negative number',
  );
  const swept = await backend.prepare(prefix, staleTempAgeMs);
  if (swept > 0) options.log?.warn({ prefix, swept }, 'removed temp files of interrupted vault writes');
  return new LayoutVault(options.role, prefix, backend, options.log);
}

async function sweepTempFiles(dir: string, modifiedBeforeMs: number): Promise<number> {
  let removed = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removed += await sweepTempFiles(full, modifiedBeforeMs);
    else if (entry.name.startsWith(TEMP_FILE_PREFIX)) {
      const stat = await fs.stat(full).catch(() => undefined); // may vanish: its writer just finished
      if (stat !== undefined && stat.mtimeMs < modifiedBeforeMs) {
        await fs.rm(full, { force: true });
        removed += 1;
      }
    }
  }
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  // Makes the new directory entry durable; some filesystems refuse fsync on directories, which is harmless.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // best effort only
  } finally {
    await handle?.close();
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function wrap(what: string, err: unknown): StorageUnavailableError {
  if (err instanceof StorageUnavailableError) return err;
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return new StorageUnavailableError(`file vault: ${what} failed${code ? ` (${String(code)})` : ''}`, {
    cause: err,
  });
}
