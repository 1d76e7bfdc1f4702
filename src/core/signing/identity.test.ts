import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrivDataType, PubDataType } from '../../storage/data-types.ts';
import { StorageNotFoundError } from '../../storage/errors.ts';
import { openFileVault } from '../../storage/file-vault.ts';
import { SIGNING_KEY_ID } from '../../storage/ids.ts';
import { createMemoryVault } from '../../storage/memory-vault.ts';
import { crsgenVerification, normalizeDomain, signEip712, verifyEip712 } from './eip712.ts';
import { IdentityMismatchError, SigningInvalidArgumentError } from './errors.ts';
import { loadOrCreatePartyIdentity, readPublishedIdentity, verifyWithPublishedIdentity } from './identity.ts';
import { PartySigningKey } from './signing-key.ts';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'identity-test-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

describe('party identity', () => {
  it('first boot creates the key in the private vault (0600) and publishes VerfKey / VerfAddress only', async () => {
    const root = path.join(tmp, 'data');
    const priv = await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1' });
    const pub = await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' });
    const logged: unknown[] = [];
    const identity = await loadOrCreatePartyIdentity(priv, pub, {
      info: (fields, msg) => logged.push([fields, msg]),
    });
    expect(identity.created).toBe(true);

    const keyFile = path.join(root, 'PRIV-p1', 'SigningKey', SIGNING_KEY_ID);
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    const secret = await fs.readFile(keyFile);
    expect(secret.length).toBe(32);
    expect(PartySigningKey.fromSecretBytes(secret).address).toBe(identity.address);

    const verfKey = await fs.readFile(path.join(root, 'PUB-p1', 'VerfKey', SIGNING_KEY_ID));
    const verfAddress = await fs.readFile(path.join(root, 'PUB-p1', 'VerfAddress', SIGNING_KEY_ID), 'utf8');
    expect(Buffer.from(identity.verfKey).equals(verfKey)).toBe(true);
    expect(verfAddress).toBe(identity.address);

    // Nothing under the public prefix contains the secret scalar, and the log only carries the address.
    for (const file of await filesUnder(path.join(root, 'PUB-p1'))) {
      expect((await fs.readFile(file)).includes(secret)).toBe(false);
    }
    expect(JSON.stringify(logged)).not.toContain(secret.toString('hex'));
    expect(logged).toEqual([[{ address: identity.address, created: true }, 'created party signing key']]);
  });

  it('later boots load the same key and find the published material consistent', async () => {
    const root = path.join(tmp, 'data');
    const open = async () => ({
      priv: await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p2' }),
      pub: await openFileVault({ root, role: 'PUB', prefix: 'PUB-p2' }),
    });
    const first = await open();
    const created = await loadOrCreatePartyIdentity(first.priv, first.pub);
    const second = await open();
    const loaded = await loadOrCreatePartyIdentity(second.priv, second.pub);
    expect(loaded.created).toBe(false);
    expect(loaded.address).toBe(created.address);
    expect(await readPublishedIdentity(second.pub)).toEqual({
      verfKey: created.verfKey,
      address: created.address,
    });
  });

  it('signatures made with the identity verify against the address read from the public vault', async () => {
    const priv = createMemoryVault('PRIV', 'PRIV-p1');
    const pub = createMemoryVault('PUB', 'PUB-p1');
    const { signingKey } = await loadOrCreatePartyIdentity(priv, pub);
    const domain = normalizeDomain({
      name: 'KMSGeneration',
      version: '1',
      chainId: 1n,
      verifyingContract: '0x000000000000000000000000000000000000dEaD',
    });
    const payload = crsgenVerification(
      '12'.repeat(32),
      1024,
      new Uint8Array(32).fill(4),
      new Uint8Array([0]),
    );
    const signature = signEip712(signingKey, domain, payload);
    const published = await readPublishedIdentity(pub);
    expect(await verifyEip712(domain, payload, signature, published.address)).toBe(true);
    expect(await verifyWithPublishedIdentity(pub, domain, payload, signature)).toBe(true);
    // Another party's public vault: same payload, same signature, not its signer.
    const otherPub = createMemoryVault('PUB', 'PUB-p2');
    await loadOrCreatePartyIdentity(createMemoryVault('PRIV', 'PRIV-p2'), otherPub);
    expect(await verifyWithPublishedIdentity(otherPub, domain, payload, signature)).toBe(false);
  });

  it('refuses to boot when the published address belongs to another key', async () => {
    const priv = createMemoryVault('PRIV', 'PRIV-p1');
    const pub = createMemoryVault('PUB', 'PUB-p1');
    const stranger = PartySigningKey.generate();
    await pub.put(
      { dataType: PubDataType.VerfAddress, id: SIGNING_KEY_ID },
      new TextEncoder().encode(stranger.address),
    );
    await expect(loadOrCreatePartyIdentity(priv, pub)).rejects.toThrow(IdentityMismatchError);
  });

  it('refuses a published VerfKey of another key and reports inconsistent published material', async () => {
    const priv = createMemoryVault('PRIV', 'PRIV-p1');
    const pub = createMemoryVault('PUB', 'PUB-p1');
    const stranger = PartySigningKey.generate();
    await pub.put({ dataType: PubDataType.VerfKey, id: SIGNING_KEY_ID }, stranger.verfKey);
    await expect(loadOrCreatePartyIdentity(priv, pub)).rejects.toThrow(/VerfKey does not match/);

    const other = createMemoryVault('PUB', 'PUB-p2');
    await other.put({ dataType: PubDataType.VerfKey, id: SIGNING_KEY_ID }, stranger.verfKey);
    await other.put(
      { dataType: PubDataType.VerfAddress, id: SIGNING_KEY_ID },
      new TextEncoder().encode(PartySigningKey.generate().address),
    );
    await expect(readPublishedIdentity(other)).rejects.toThrow(IdentityMismatchError);
    await expect(readPublishedIdentity(createMemoryVault('PUB', 'PUB-p3'))).rejects.toThrow(
      StorageNotFoundError,
    );
  });

  it('refuses vaults of the wrong roles, so the key can never be written to public storage', async () => {
    const pub = createMemoryVault('PUB', 'PUB-p1');
    const priv = createMemoryVault('PRIV', 'PRIV-p1');
    await expect(loadOrCreatePartyIdentity(pub, pub)).rejects.toThrow(SigningInvalidArgumentError);
    await expect(loadOrCreatePartyIdentity(priv, priv)).rejects.toThrow(SigningInvalidArgumentError);
    expect(await pub.list(PubDataType.VerfKey)).toEqual([]);
    expect(await priv.list(PrivDataType.SigningKey)).toEqual([]);
  });

  it('a corrupt stored key is reported without its bytes', async () => {
    const priv = createMemoryVault('PRIV', 'PRIV-p1');
    const pub = createMemoryVault('PUB', 'PUB-p1');
    await priv.put({ dataType: PrivDataType.SigningKey, id: SIGNING_KEY_ID }, new Uint8Array(32));
    await expect(loadOrCreatePartyIdentity(priv, pub)).rejects.toThrow(/not a valid secp256k1 key/);
  });

  it('two processes booting the same party at once end with one key', async () => {
    const root = path.join(tmp, 'data');
    const boot = async () =>
      loadOrCreatePartyIdentity(
        await openFileVault({ root, role: 'PRIV', prefix: 'PRIV-p1' }),
        await openFileVault({ root, role: 'PUB', prefix: 'PUB-p1' }),
      );
    const [a, b] = await Promise.all([boot(), boot()]);
    expect(a.address).toBe(b.address);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
  });
});
