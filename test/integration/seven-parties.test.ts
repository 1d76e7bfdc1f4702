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
import { waitForExit } from '../support/process.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');

describe('seven core processes (t = 2)', () => {
  let dir: string;
  let client: KmsClusterClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-seven-'));
    // A stopped core is waited for one peer timeout per opening run that needs every share (degree-2t openings
    // of the preprocessing): 20 s instead of the local default 60 s keeps that wait short here.
    process.env.KMS_CORE__LIMITS__PEERTIMEOUTMS = '20000';
    const { cluster } = await localUp({ parties: 7, dir, logLevel: 'warn', timeoutMs: 180_000 }).finally(
      () => {
        delete process.env.KMS_CORE__LIMITS__PEERTIMEOUTMS;
      },
    );
    client = new KmsClusterClient(cluster);
  });

  afterAll(async () => {
    client?.close();
    if (dir) await localDown(dir);
  });

  it('generates a key signed by all seven and decrypts with two parties down', async () => {
    const key = await client.insecureKeygen('tfhe_default');
    expect(key.agreeingParties).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const stopped = [3, 6].map((p) => Number(readFileSync(join(partyDir(dir, p), 'core.pid'), 'utf8')));
    for (const pid of stopped) process.kill(pid, 'SIGTERM');
    // A core finishes its graceful shutdown first: decrypt only once both are really gone.
    await Promise.all(stopped.map((pid) => waitForExit(pid)));
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
  }, 600_000);
});
