// The `kms` command as a user runs it: local up, status, insecure keygen, public and user decryption of a
// node-tfhe ciphertext, local down — each a separate process, JSON output parsed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SIGNING_KEY_ID } from '../../src/storage/ids.ts';

const run = promisify(execFile);
const KMS = fileURLToPath(new URL('../../bin/kms.mjs', import.meta.url));
const tfhe = createRequire(import.meta.url)('node-tfhe');

async function kms(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [KMS, ...args, '--json'], {
    maxBuffer: 1 << 24,
    timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('kms command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-cli-'));
  const cluster = join(dir, 'cluster.yaml');

  afterAll(async () => {
    await run(process.execPath, [KMS, 'local', 'down', '--dir', dir]);
  });

  it('brings a cluster up, generates a key and decrypts node-tfhe ciphertexts publicly and for a user', async () => {
    const up = await kms('local', 'up', '--parties', '4', '--dir', dir);
    expect((up.parties as unknown[]).length).toBe(4);
    const status = await kms('status', '--cluster', cluster);
    expect((status.parties as { health: string }[]).map((p) => p.health)).toEqual(Array(4).fill('OPTIMAL'));

    const key = await kms('keygen', '--insecure', '--params', 'tfhe_default', '--cluster', cluster);
    const keyId = key.keyId as string;
    expect(key.agreeingParties).toEqual([1, 2, 3, 4]);
    // The cluster file records the address each party published.
    const file = parse(readFileSync(cluster, 'utf8')) as { parties: { address: string }[] };
    expect(file.parties[0].address).toBe(
      readFileSync(join(dir, 'p1', 'storage', 'PUB-p1', 'VerfAddress', SIGNING_KEY_ID), 'utf8'),
    );

    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      readFileSync(join(dir, 'p3', 'storage', 'PUB-p3', 'PublicKey', keyId)),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u64(18_446_744_073_709_551_557n);
    const ciphertext = join(dir, 'value.ct');
    writeFileSync(ciphertext, builder.build().safe_serialize(1n << 30n));

    const pub = await kms(
      'decrypt',
      '--key-id',
      keyId,
      '--type',
      'uint64',
      '--ciphertext',
      ciphertext,
      '--cluster',
      cluster,
    );
    expect(pub.values).toEqual([{ fheType: 'uint64', value: '18446744073709551557' }]);
    const user = await kms(
      'user-decrypt',
      '--key-id',
      keyId,
      '--type',
      'uint64',
      '--ciphertext',
      ciphertext,
      '--cluster',
      cluster,
    );
    expect(user.values).toEqual([{ fheType: 'uint64', value: '18446744073709551557' }]);

    await expect(
      kms(
        'decrypt',
        '--key-id',
        'ab'.repeat(32),
        '--type',
        'uint64',
        '--ciphertext',
        ciphertext,
        '--cluster',
        cluster,
      ),
    ).rejects.toThrow(/no key/);
  });
});
