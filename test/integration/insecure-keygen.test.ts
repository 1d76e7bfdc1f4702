// Four cores in this process, talking over real gRPC + mTLS on loopback with file vaults: insecure keygen end
// to end, with node-tfhe reading the public material and viem-verified signatures; then public decryption (BitDec)
// of what node-tfhe encrypts under the cluster's public key, also with a silent party.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsClusterClient } from '../../src/client/kms-client.ts';
import { writeLocalCluster } from '../../src/client/local/layout.ts';
import { loadConfig } from '../../src/core/config/load.ts';
import { type RunningCore, startCore } from '../../src/core/main.ts';
import { createLogger } from '../../src/core/observability/logger.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');

describe('insecure key generation and BitDec public decryption across four cores (in-process, real gRPC + mTLS)', () => {
  let cores: RunningCore[] = [];
  let client: KmsClusterClient;
  let keyId: string;
  let configFiles: string[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-keygen-'));
    const layout = await writeLocalCluster({ parties: 4, dir, peerTimeoutMs: 2_000, logLevel: 'warn' });
    configFiles = layout.configFiles;
    cores = await Promise.all(
      layout.configFiles.map((file) => startCore(loadConfig(file), createLogger('warn'))),
    );
    client = KmsClusterClient.fromFile(layout.clusterFile);
  });

  afterAll(async () => {
    client?.close();
    await Promise.all(cores.map((c) => c.stop()));
  });

  it('generates a key whose public key node-tfhe reads and encrypts with, signed by every party', async () => {
    const outcome = await client.insecureKeygen('tfhe_default');
    keyId = outcome.keyId;
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    expect(outcome.digests.map((d) => d.keyType)).toEqual(['ServerKey', 'PublicKey']);
    for (let p = 1; p <= 4; p++) {
      const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
        await client.readPublic(p, 'PublicKey', keyId),
        1n << 30n,
      );
      const builder = tfhe.CompactCiphertextList.builder(cpk);
      builder.push_u8(42);
      builder.push_boolean(true);
      expect(builder.build().len()).toBe(2);
      const sks = tfhe.TfheCompressedServerKey.safe_deserialize(
        await client.readPublic(p, 'ServerKey', keyId),
        1n << 32n,
      );
      expect(sks).toBeDefined();
    }
    for (const core of cores) expect(core.party.keyIds()).toContain(keyId);
  });

  it('decrypts what node-tfhe encrypted under the cluster key, every party signing the same plaintexts', async () => {
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(2, 'PublicKey', keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u8(173);
    builder.push_u32(3735928559);
    builder.push_boolean(true);
    builder.push_u64(9223372036854775813n);
    const list = builder.build().safe_serialize(1n << 30n);
    const single = tfhe.CompactCiphertextList.builder(cpk);
    single.push_u16(54321);
    const outcome = await client.publicDecrypt(keyId, [
      { bytes: list, fheType: 2 },
      { bytes: single.build().safe_serialize(1n << 30n), fheType: 3 },
    ]);
    expect(outcome.values).toEqual([
      { fheType: 2, value: 173n },
      { fheType: 4, value: 3735928559n },
      { fheType: 0, value: 1n },
      { fheType: 5, value: 9223372036854775813n },
      { fheType: 3, value: 54321n },
    ]);
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
  });

  it('still decrypts with one party down', async () => {
    await cores[3].stop();
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u8(7);
    const outcome = await client.publicDecrypt(keyId, [
      { bytes: builder.build().safe_serialize(1n << 30n), fheType: 2 },
    ]);
    expect(outcome.values).toEqual([{ fheType: 2, value: 7n }]);
    expect(outcome.agreeingParties).toEqual([1, 2, 3]);
    cores[3] = await startCore(loadConfig(configFiles[3]), createLogger('warn'));
  }, 300_000);
});
