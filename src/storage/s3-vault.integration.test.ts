import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3ServerHandle, s3ServerKind, startS3Server } from '../../test/support/s3.ts';
import { PrivDataType, PubDataType } from './data-types.ts';
import { StorageNotFoundError, StorageUnavailableError } from './errors.ts';
import { openVault } from './open.ts';
import { createS3Client, ensureBucket, openS3Vault } from './s3-vault.ts';

const kind = s3ServerKind();
const BUCKET = 'kms-vault-test';
const EPOCH = '0e'.repeat(32);
const idOf = (n: number) => n.toString(16).padStart(64, '0');

describe(`S3 vault against a real S3 server (${kind})`, () => {
  let server: S3ServerHandle;
  let client: S3Client;

  beforeAll(async () => {
    server = await startS3Server();
    client = createS3Client({
      endpoint: server.endpoint,
      region: server.region,
      credentials: server.credentials,
    });
    expect(await ensureBucket(client, BUCKET)).toBe(true);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('ensureBucket is idempotent', async () => {
    expect(await ensureBucket(client, BUCKET)).toBe(false);
  });

  it('put-if-absent: stores once, reports skipped, keeps the first bytes', async () => {
    const vault = openS3Vault({ bucket: BUCKET, role: 'PUB', prefix: 'PUB-p1', client });
    const ref = { dataType: PubDataType.PublicKey, id: idOf(1) };
    expect(await vault.exists(ref)).toBe(false);
    expect((await vault.put(ref, new Uint8Array([1, 2, 3]))).status).toBe('stored');
    expect(await vault.put(ref, new Uint8Array([4]))).toEqual({
      status: 'skipped',
      reason: 'exists',
      key: `PUB-p1/PublicKey/${idOf(1)}`,
    });
    expect(Array.from(await vault.get(ref))).toEqual([1, 2, 3]);
    await expect(vault.get({ dataType: PubDataType.PublicKey, id: idOf(2) })).rejects.toThrow(
      StorageNotFoundError,
    );
  });

  it.runIf(kind === 'versitygw')(
    'the server itself refuses an overwrite sent with If-None-Match: *',
    async () => {
      // Checks the second line of defence (the conditional PUT), bypassing the vault's HEAD check.
      const key = `PUB-p1/CRS/${idOf(3)}`;
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('a'), IfNoneMatch: '*' }),
      );
      const overwrite = client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('b'), IfNoneMatch: '*' }),
      );
      await expect(overwrite).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    },
  );

  it('concurrent writers of the same id: exactly one stores', async () => {
    const vault = openS3Vault({ bucket: BUCKET, role: 'PUB', prefix: 'PUB-p1', client });
    const ref = { dataType: PubDataType.ServerKey, id: idOf(4) };
    const results = await Promise.all([1, 2, 3, 4].map((i) => vault.put(ref, new Uint8Array([i]))));
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
    expect((await vault.get(ref)).length).toBe(1);
  });

  it('round-trips a 6 MiB object byte for byte', async () => {
    const vault = openS3Vault({ bucket: BUCKET, role: 'PUB', prefix: 'PUB-p1', client });
    const bytes = new Uint8Array(randomBytes(6 * 1024 * 1024));
    const ref = { dataType: PubDataType.CompressedXofKeySet, id: idOf(5) };
    expect((await vault.put(ref, bytes)).status).toBe('stored');
    const read = await vault.get(ref);
    expect(read.length).toBe(bytes.length);
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
  });

  it('epoch-scoped private objects and per-party prefixes do not mix', async () => {
    const priv1 = openS3Vault({ bucket: BUCKET, role: 'PRIV', prefix: 'PRIV-p1', client });
    const priv2 = openS3Vault({ bucket: BUCKET, role: 'PRIV', prefix: 'PRIV-p2', client });
    const put = await priv1.put(
      { dataType: PrivDataType.FheKeyInfo, epochId: EPOCH, id: idOf(6) },
      new Uint8Array([6]),
    );
    expect(put.key).toBe(`PRIV-p1/FheKeyInfo/${EPOCH}/${idOf(6)}`);
    expect(await priv1.list(PrivDataType.FheKeyInfo, EPOCH)).toEqual([idOf(6)]);
    expect(await priv2.list(PrivDataType.FheKeyInfo, EPOCH)).toEqual([]);
    expect(await priv1.delete({ dataType: PrivDataType.FheKeyInfo, epochId: EPOCH, id: idOf(6) })).toBe(true);
    expect(await priv1.delete({ dataType: PrivDataType.FheKeyInfo, epochId: EPOCH, id: idOf(6) })).toBe(
      false,
    );
  });

  it('lists more than 1000 objects across ListObjectsV2 pages', async () => {
    const count = 1005;
    const prefix = 'PUB-list';
    const ids = Array.from({ length: count }, (_, i) => idOf(100_000 + i));
    // Seed with plain PUTs, 16 at a time, to keep the test short; the vault only lists.
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(
        ids
          .slice(i, i + 16)
          .map((id) =>
            client.send(
              new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/CRS/${id}`, Body: Buffer.from([1]) }),
            ),
          ),
      );
    }
    const vault = openS3Vault({ bucket: BUCKET, role: 'PUB', prefix, client });
    expect(await vault.list(PubDataType.CRS)).toEqual(ids);
  }, 90_000);

  it('openVault from a config section creates the bucket and round-trips', async () => {
    const vault = await openVault(
      'PUB',
      'PUB-p7',
      {
        type: 's3',
        bucket: 'kms-config-test',
        region: server.region,
        endpoint: server.endpoint,
        forcePathStyle: true,
        accessKeyId: server.credentials.accessKeyId,
        secretAccessKey: server.credentials.secretAccessKey,
      },
      { createBucket: true },
    );
    try {
      expect(vault.backend).toBe('s3');
      expect((await vault.put({ dataType: PubDataType.CRS, id: idOf(7) }, new Uint8Array([7]))).status).toBe(
        'stored',
      );
      expect(Array.from(await vault.get({ dataType: PubDataType.CRS, id: idOf(7) }))).toEqual([7]);
    } finally {
      await vault.close();
    }
  });

  it('wrong credentials surface as StorageUnavailableError, not as a missing object', async () => {
    const bad = openS3Vault({
      bucket: BUCKET,
      role: 'PUB',
      prefix: 'PUB-p1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: 'wrong-secret' },
      maxAttempts: 1,
    });
    try {
      await expect(bad.get({ dataType: PubDataType.PublicKey, id: idOf(1) })).rejects.toThrow(
        StorageUnavailableError,
      );
    } finally {
      await bad.close();
    }
  });
});
