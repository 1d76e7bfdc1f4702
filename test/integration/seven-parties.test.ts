// Seven core processes (t = 2): insecure keygen and a BitDec decryption of a node-tfhe ciphertext, with two
// parties stopped before the decryption.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsClusterClient } from '../../src/client/kms-client.ts';
import { partyDir } from '../../src/client/local/layout.ts';
import { localDown, localUp } from '../../src/client/local/processes.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');

describe('seven core processes (t = 2)', () => {
  let dir: string;
  let client: KmsClusterClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-seven-'));
    const { cluster } = await localUp({ parties: 7, dir, logLevel: 'warn', timeoutMs: 180_000 });
    client = new KmsClusterClient(cluster);
  });

  afterAll(async () => {
    client?.close();
    if (dir) await localDown(dir);
  });

  it('generates a key signed by all seven and decrypts with two parties down', async () => {
    const key = await client.insecureKeygen('tfhe_default');
    expect(key.agreeingParties).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const p of [3, 6])
      process.kill(Number(readFileSync(join(partyDir(dir, p), 'core.pid'), 'utf8')), 'SIGTERM');
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(7, 'PublicKey', key.keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u16(60_001);
    builder.push_boolean(false);
    const result = await client.publicDecrypt(key.keyId, [
      { bytes: builder.build().safe_serialize(1n << 30n), fheType: 3 },
    ]);
    expect(result.values).toEqual([
      { fheType: 3, value: 60_001n },
      { fheType: 0, value: 0n },
    ]);
    expect(result.agreeingParties).toEqual([1, 2, 4, 5, 7]);
  });
});
