import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrivDataType, PubDataType } from './data-types.ts';
import { StorageInvalidArgumentError, StorageNotFoundError } from './errors.ts';
import { openFileVault, TEMP_FILE_PREFIX } from './file-vault.ts';
import { DEFAULT_EPOCH_ID, deriveRequestId, SIGNING_KEY_ID } from './ids.ts';
import { partyPrefix, type VaultRole } from './layout.ts';
import { createMemoryVault, MemoryObjectBackend } from './memory-vault.ts';
import { putOrMatch, type Vault, type VaultLogger } from './vault.ts';

const ID_A = 'a1'.repeat(32);
const ID_B = '0b'.repeat(32);
const EPOCH = '0e'.repeat(32);

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-test-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

type Factory = (role: VaultRole, prefix: string) => Promise<Vault>;
const backends: [string, Factory][] = [
  ['memory', async (role, prefix) => createMemoryVault(role, prefix)],
  ['file', (role, prefix) => openFileVault({ root: path.join(tmp, 'root'), role, prefix })],
];

describe.each(backends)('%s vault', (_name, open) => {
  it('stores once and never overwrites: the second put reports skipped and the first bytes stay', async () => {
    const vault = await open('PUB', 'PUB-p1');
    const ref = { dataType: PubDataType.PublicKey, id: ID_A };
    expect(await vault.exists(ref)).toBe(false);
    const first = await vault.put(ref, new Uint8Array([1, 2, 3]));
    expect(first).toEqual({ status: 'stored', key: `PUB-p1/PublicKey/${ID_A}` });
    const second = await vault.put(ref, new Uint8Array([9, 9]));
    expect(second).toEqual({ status: 'skipped', reason: 'exists', key: `PUB-p1/PublicKey/${ID_A}` });
    expect(Array.from(await vault.get(ref))).toEqual([1, 2, 3]);
    expect(await vault.exists(ref)).toBe(true);
  });

  it('lists ids per data type, sorted, and deletes', async () => {
    const vault = await open('PUB', 'PUB-p2');
    await vault.put({ dataType: PubDataType.CRS, id: ID_A }, new Uint8Array([1]));
    await vault.put({ dataType: PubDataType.CRS, id: ID_B }, new Uint8Array([2]));
    await vault.put({ dataType: PubDataType.ServerKey, id: ID_A }, new Uint8Array([3]));
    expect(await vault.list(PubDataType.CRS)).toEqual([ID_B, ID_A]);
    expect(await vault.list(PubDataType.ServerKey)).toEqual([ID_A]);
    expect(await vault.list(PubDataType.VerfKey)).toEqual([]);
    expect(await vault.delete({ dataType: PubDataType.CRS, id: ID_B })).toBe(true);
    expect(await vault.delete({ dataType: PubDataType.CRS, id: ID_B })).toBe(false);
    expect(await vault.list(PubDataType.CRS)).toEqual([ID_A]);
  });

  it('scopes private key material by epoch and requires the epoch exactly where the layout has one', async () => {
    const vault = await open('PRIV', 'PRIV-p1');
    const put = await vault.put(
      { dataType: PrivDataType.FheKeyInfo, epochId: EPOCH, id: ID_A },
      new Uint8Array([7]),
    );
    expect(put.key).toBe(`PRIV-p1/FheKeyInfo/${EPOCH}/${ID_A}`);
    expect(await vault.list(PrivDataType.FheKeyInfo, EPOCH)).toEqual([ID_A]);
    expect(await vault.list(PrivDataType.FheKeyInfo, DEFAULT_EPOCH_ID)).toEqual([]);
    await expect(
      vault.put({ dataType: PrivDataType.FheKeyInfo, id: ID_A }, new Uint8Array([1])),
    ).rejects.toThrow(StorageInvalidArgumentError);
    await expect(
      vault.put(
        { dataType: PrivDataType.SigningKey, epochId: EPOCH, id: SIGNING_KEY_ID },
        new Uint8Array([1]),
      ),
    ).rejects.toThrow(/not epoch-scoped/);
    // EpochData is keyed by the epoch id itself, not nested.
    const epochData = await vault.put({ dataType: PrivDataType.EpochData, id: EPOCH }, new Uint8Array([1]));
    expect(epochData.key).toBe(`PRIV-p1/EpochData/${EPOCH}`);
  });

  it('rejects malformed ids, unknown data types and data types of the other role, writing nothing', async () => {
    const pub = await open('PUB', 'PUB-p3');
    const bad = [
      '../../etc/passwd',
      `${ID_A}/x`,
      ID_A.toUpperCase(),
      `0x${ID_A.slice(2)}`,
      ID_A.slice(2),
      `${ID_A}00`,
      '',
    ];
    for (const id of bad) {
      await expect(pub.put({ dataType: PubDataType.CRS, id }, new Uint8Array([1]))).rejects.toThrow(
        StorageInvalidArgumentError,
      );
      await expect(pub.get({ dataType: PubDataType.CRS, id })).rejects.toThrow(StorageInvalidArgumentError);
      await expect(pub.exists({ dataType: PubDataType.CRS, id })).rejects.toThrow(
        StorageInvalidArgumentError,
      );
      await expect(pub.delete({ dataType: PubDataType.CRS, id })).rejects.toThrow(
        StorageInvalidArgumentError,
      );
    }
    await expect(pub.put({ dataType: '../PRIV' as never, id: ID_A }, new Uint8Array([1]))).rejects.toThrow(
      /unknown/,
    );
    // A private type in a public vault would publish secrets: rejected.
    await expect(
      pub.put({ dataType: PrivDataType.SigningKey, id: SIGNING_KEY_ID }, new Uint8Array([1])),
    ).rejects.toThrow(/not allowed in a PUB vault/);
    const priv = await open('PRIV', 'PRIV-p3');
    await expect(
      priv.put({ dataType: PubDataType.PublicKey, id: ID_A }, new Uint8Array([1])),
    ).rejects.toThrow(StorageInvalidArgumentError);
    expect(await pub.list(PubDataType.CRS)).toEqual([]);
    expect(await priv.list(PrivDataType.SigningKey)).toEqual([]);
  });

  it('rejects a prefix that starts with another role name or is not one path segment', async () => {
    await expect(open('PUB', 'PRIV-p1')).rejects.toThrow(/starts with the role name PRIV/);
    await expect(open('PRIV', 'PUB-p1')).rejects.toThrow(StorageInvalidArgumentError);
    await expect(open('PRIV', 'BACKUP-p1')).rejects.toThrow(StorageInvalidArgumentError);
    await expect(open('PUB', '../PUB-p1')).rejects.toThrow(StorageInvalidArgumentError);
    await expect(open('PUB', 'a/b')).rejects.toThrow(StorageInvalidArgumentError);
    await expect(open('PUB', '')).rejects.toThrow(StorageInvalidArgumentError);
  });

  it('get of a missing object throws StorageNotFoundError', async () => {
    const vault = await open('PUB', 'PUB-p4');
    await expect(vault.get({ dataType: PubDataType.CRS, id: ID_A })).rejects.toThrow(StorageNotFoundError);
  });

  it('returns copies: mutating bytes after put or after get does not change the stored object', async () => {
    const vault = await open('PUB', 'PUB-p5');
    const ref = { dataType: PubDataType.CRS, id: ID_A };
    const bytes = new Uint8Array([1, 2, 3]);
    await vault.put(ref, bytes);
    bytes[0] = 42;
    const read = await vault.get(ref);
    read[1] = 42;
    expect(Array.from(await vault.get(ref))).toEqual([1, 2, 3]);
  });

  it('putOrMatch accepts identical bytes and reports different ones', async () => {
    const vault = await open('PUB', 'PUB-p6');
    const ref = { dataType: PubDataType.VerfAddress, id: SIGNING_KEY_ID };
    expect(await putOrMatch(vault, ref, new Uint8Array([5, 6]))).toBe(true);
    expect(await putOrMatch(vault, ref, new Uint8Array([5, 6]))).toBe(true);
    expect(await putOrMatch(vault, ref, new Uint8Array([5, 7]))).toBe(false);
  });
});

describe('fixed ids', () => {
  it('derives SIGNING_KEY_ID as the reference publishes it (60b7070a…beee)', () => {
    expect(SIGNING_KEY_ID).toMatch(/^60b7070a[0-9a-f]{52}beee$/);
    expect(deriveRequestId('SIGNING_KEY_ID')).toBe(SIGNING_KEY_ID);
    expect(deriveRequestId('SIGNING_KEY_ID_Ed25519')).not.toBe(SIGNING_KEY_ID);
  });

  it('per-party prefixes follow PUB-p{i} / PRIV-p{i}', () => {
    expect(partyPrefix('PUB', 1)).toBe('PUB-p1');
    expect(partyPrefix('PRIV', 13)).toBe('PRIV-p13');
    expect(() => partyPrefix('PUB', 0)).toThrow(StorageInvalidArgumentError);
  });
});

describe('memory vault', () => {
  it('vaults sharing one backend see each other only through their own prefix', async () => {
    const backend = new MemoryObjectBackend();
    const p1 = createMemoryVault('PUB', 'PUB-p1', { backend });
    const p2 = createMemoryVault('PUB', 'PUB-p2', { backend });
    await p1.put({ dataType: PubDataType.CRS, id: ID_A }, new Uint8Array([1]));
    expect(await p2.exists({ dataType: PubDataType.CRS, id: ID_A })).toBe(false);
    expect(backend.size).toBe(1);
  });

  it('warns through the logger when a write is skipped', async () => {
    const warnings: string[] = [];
    const log: VaultLogger = {
      warn: (fields, message) => warnings.push(`${String(fields.key)}: ${message}`),
    };
    const vault = createMemoryVault('PUB', 'PUB-p1', { log });
    await vault.put({ dataType: PubDataType.CRS, id: ID_A }, new Uint8Array([1]));
    expect(warnings).toEqual([]);
    await vault.put({ dataType: PubDataType.CRS, id: ID_A }, new Uint8Array([2]));
    expect(warnings).toEqual([
      `PUB-p1/CRS/${ID_A}: vault object exists; kept the stored one, skipped the write`,
    ]);
  });
});

describe('file vault', () => {
  it('lays objects out as {root}/{prefix}/{DataType}/{id}', async () => {
    const root = path.join(tmp, 'root');
    const vault = await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' });
    await vault.put({ dataType: PubDataType.VerfKey, id: SIGNING_KEY_ID }, new Uint8Array([2, 3]));
    const onDisk = await fs.readFile(path.join(root, 'PUB-p1', 'VerfKey', SIGNING_KEY_ID));
    expect(Array.from(onDisk)).toEqual([2, 3]);
    expect(await listFilesRecursive(root)).toEqual([path.join('PUB-p1', 'VerfKey', SIGNING_KEY_ID)]);
  });

  it('private vault: files 0600 and directories 0700; public vault: 0644 / 0755', async () => {
    const root = path.join(tmp, 'root');
    const previousUmask = process.umask(0o022);
    try {
      const priv = await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1' });
      await priv.put({ dataType: PrivDataType.FheKeyInfo, epochId: EPOCH, id: ID_A }, new Uint8Array([1]));
      const mode = async (...parts: string[]) => (await fs.stat(path.join(root, ...parts))).mode & 0o777;
      expect(await mode('PRIV-p1')).toBe(0o700);
      expect(await mode('PRIV-p1', 'FheKeyInfo')).toBe(0o700);
      expect(await mode('PRIV-p1', 'FheKeyInfo', EPOCH)).toBe(0o700);
      expect(await mode('PRIV-p1', 'FheKeyInfo', EPOCH, ID_A)).toBe(0o600);

      const pub = await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' });
      await pub.put({ dataType: PubDataType.CRS, id: ID_A }, new Uint8Array([1]));
      expect(await mode('PUB-p1', 'CRS')).toBe(0o755);
      expect(await mode('PUB-p1', 'CRS', ID_A)).toBe(0o644);
    } finally {
      process.umask(previousUmask);
    }
  });

  it('tightens an existing private prefix directory to 0700 at open', async () => {
    const root = path.join(tmp, 'root');
    await fs.mkdir(path.join(root, 'PRIV-p1'), { recursive: true, mode: 0o777 });
    await fs.chmod(path.join(root, 'PRIV-p1'), 0o777);
    await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1' });
    expect((await fs.stat(path.join(root, 'PRIV-p1'))).mode & 0o777).toBe(0o700);
  });

  it('sweeps temp files of interrupted writes at open, keeps young ones, and never lists them', async () => {
    const root = path.join(tmp, 'root');
    const warnings: unknown[] = [];
    const vault = await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1' });
    await vault.put({ dataType: PrivDataType.CrsInfo, epochId: EPOCH, id: ID_A }, new Uint8Array([1]));
    const dir = path.join(root, 'PRIV-p1', 'CrsInfo', EPOCH);
    const stale = path.join(dir, `${TEMP_FILE_PREFIX}${ID_B}-dead`);
    const staleTop = path.join(root, 'PRIV-p1', `${TEMP_FILE_PREFIX}x`);
    const inFlight = path.join(dir, `${TEMP_FILE_PREFIX}${ID_A}-busy`);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    for (const file of [stale, staleTop, inFlight]) await fs.writeFile(file, 'partial');
    await fs.utimes(stale, twoMinutesAgo, twoMinutesAgo);
    await fs.utimes(staleTop, twoMinutesAgo, twoMinutesAgo);
    expect(await vault.list(PrivDataType.CrsInfo, EPOCH)).toEqual([ID_A]);

    const reopened = await openFileVault({
      root,
      role: 'PRIV',
      prefix: 'PRIV-p1',
      log: { warn: (fields) => warnings.push(fields) },
    });
    await expect(fs.stat(stale)).rejects.toThrow(/ENOENT/);
    await expect(fs.stat(staleTop)).rejects.toThrow(/ENOENT/);
    // A temp file touched within the last minute may be another process writing: kept.
    expect((await fs.stat(inFlight)).isFile()).toBe(true);
    expect(warnings).toEqual([{ prefix: 'PRIV-p1', swept: 2 }]);
    expect(
      Array.from(await reopened.get({ dataType: PrivDataType.CrsInfo, epochId: EPOCH, id: ID_A })),
    ).toEqual([1]);
    await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1', staleTempAgeMs: 0 });
    await expect(fs.stat(inFlight)).rejects.toThrow(/ENOENT/);
  });

  it('leaves no temp file behind after writes and keeps the first of two racing writers', async () => {
    const root = path.join(tmp, 'root');
    const vault = await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' });
    const ref = { dataType: PubDataType.ServerKey, id: ID_A };
    const payloads = Array.from({ length: 8 }, (_, i) => new Uint8Array(64 * 1024).fill(i + 1));
    const results = await Promise.all(payloads.map((p) => vault.put(ref, p)));
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
    const stored = await vault.get(ref);
    // Whole and from exactly one writer: atomic publication, no interleaving.
    expect(stored.length).toBe(64 * 1024);
    expect(new Set(stored).size).toBe(1);
    expect(await listFilesRecursive(root)).toEqual([path.join('PUB-p1', 'ServerKey', ID_A)]);
  });

  it('writes nothing when the id is rejected', async () => {
    const root = path.join(tmp, 'root');
    const vault = await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' });
    await expect(
      vault.put({ dataType: PubDataType.CRS, id: '../../x' }, new Uint8Array([1])),
    ).rejects.toThrow(StorageInvalidArgumentError);
    expect(await listFilesRecursive(tmp)).toEqual([]);
  });
});
