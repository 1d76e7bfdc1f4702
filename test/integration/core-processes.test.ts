// Four core processes (`kms core`) on loopback with mTLS between them, public vaults in a real S3 server
// (Versity Gateway), preprocessing records in a real redis-server: insecure keygen end to end, request-id error
// codes, a restart that keeps the key, and a fuzz run of malformed requests that must never crash a core.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreConnection } from '../../src/client/core-connection.ts';
import { KmsClusterClient, newRequestId } from '../../src/client/kms-client.ts';
import { partyDir } from '../../src/client/local/layout.ts';
import { localDown, localUp } from '../../src/client/local/processes.ts';
import { RedisPreprocessingStore } from '../../src/storage/preprocessing/redis-store.ts';
import { waitForExit } from '../support/process.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redis.ts';
import { type S3ServerHandle, startS3Server } from '../support/s3.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');
const KMS_BIN = fileURLToPath(new URL('../../bin/kms.mjs', import.meta.url));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return grpc.status[(error as grpc.ServiceError).code];
  }
}

describe('core processes with S3 public vaults and Redis preprocessing records', () => {
  let redis: RedisServerHandle;
  let s3: S3ServerHandle;
  let dir: string;
  let client: KmsClusterClient;
  let keyId: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    s3 = await startS3Server();
    dir = mkdtempSync(join(tmpdir(), 'kms-processes-'));
    const { cluster } = await localUp({
      parties: 4,
      dir,
      logLevel: 'warn',
      redisUrl: redis.url,
      s3: { endpoint: s3.endpoint, region: s3.region, bucket: 'kms-public', ...s3.credentials },
      s3Credentials: { ...s3.credentials },
    });
    client = new KmsClusterClient(cluster, { s3Credentials: { ...s3.credentials } });
  });

  afterAll(async () => {
    client?.close();
    if (dir) await localDown(dir);
    await s3?.stop();
    await redis?.stop();
  });

  it('runs insecure keygen: public material in S3 readable by node-tfhe, signatures from every published address', async () => {
    const outcome = await client.insecureKeygen('tfhe_default');
    keyId = outcome.keyId;
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    for (let p = 1; p <= 4; p++) {
      const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
        await client.readPublic(p, 'PublicKey', keyId),
        1n << 30n,
      );
      const builder = tfhe.CompactCiphertextList.builder(cpk);
      builder.push_u32(7);
      expect(builder.build().len()).toBe(1);
    }
    const serverKey = await client.readPublic(3, 'ServerKey', keyId);
    expect(tfhe.TfheCompressedServerKey.safe_deserialize(serverKey, 1n << 32n)).toBeDefined();
    // The preprocessing the keygen consumed left a finished progress record in each party's Redis namespace.
    const store = await RedisPreprocessingStore.connect(redis.url, 'p2');
    try {
      expect(await store.getProgress(outcome.preprocessingId)).toMatchObject({ status: 'Done', produced: 1 });
    } finally {
      await store.close();
    }
  });

  it('answers duplicate, unknown, malformed and pending request ids with the right gRPC codes', async () => {
    const core = new CoreConnection(1, client.cluster.parties[0].clientEndpoint);
    try {
      expect(await codeOf(core.call('GetKeyGenResult', { request_id: newRequestId() }))).toBe('NOT_FOUND');
      expect(await codeOf(core.call('GetKeyGenResult', { request_id: 'XYZ' }))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(core.call('GetKeyGenResult', { request_id: `0x${'a'.repeat(62)}` }))).toBe(
        'INVALID_ARGUMENT',
      );
      const preproc = newRequestId();
      expect(
        await codeOf(
          core.call('InsecureKeyGenPreproc', { request_id: { request_id: preproc }, params: 'test' }),
        ),
      ).toBe('OK');
      expect(
        await codeOf(
          core.call('InsecureKeyGenPreproc', { request_id: { request_id: preproc }, params: 'test' }),
        ),
      ).toBe('ALREADY_EXISTS');
      // A keygen id that already produced a key cannot be started again, and its result is unchanged.
      const before = await core.call<{ key_digests: unknown }>('GetKeyGenResult', { request_id: keyId });
      expect(
        await codeOf(
          core.call('InsecureKeyGen', {
            request_id: { request_id: keyId },
            preproc_id: { request_id: preproc },
            domain: {
              name: 'x',
              version: '1',
              chain_id: Buffer.alloc(32, 0),
              verifying_contract: '0x66f9664f97F2b50F62D13eA064982f936dE76657',
            },
          }),
        ),
      ).toBe('ALREADY_EXISTS');
      expect(await core.call('GetKeyGenResult', { request_id: keyId })).toEqual(before);
      // A keygen with a missing domain or an unknown preprocessing id is refused before anything starts.
      expect(
        await codeOf(
          core.call('InsecureKeyGen', {
            request_id: { request_id: newRequestId() },
            preproc_id: { request_id: preproc },
          }),
        ),
      ).toBe('INVALID_ARGUMENT');
      expect(await codeOf(core.call('KeyGen', {}))).toBe('UNIMPLEMENTED');
    } finally {
      core.close();
    }
  });

  it('keeps serving the key after a core restarts', async () => {
    const pidFile = join(partyDir(dir, 2), 'core.pid');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(pid, 'SIGTERM');
    await waitForExit(pid);
    const log = openSync(join(partyDir(dir, 2), 'core.log'), 'a');
    const child = spawn(
      process.execPath,
      [KMS_BIN, 'core', '--config', join(partyDir(dir, 2), 'core.yaml')],
      {
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    writeFileSync(pidFile, String(child.pid));
    child.unref();
    const core = new CoreConnection(2, client.cluster.parties[1].clientEndpoint);
    try {
      const deadline = Date.now() + 60_000;
      let result: { request_id?: { request_id: string } } | undefined;
      while (!result && Date.now() < deadline) {
        result = await core
          .call<{ request_id: { request_id: string } }>('GetKeyGenResult', { request_id: keyId })
          .catch(() => undefined);
        if (!result) await new Promise((r) => setTimeout(r, 300));
      }
      expect(result?.request_id?.request_id).toBe(keyId);
      const availability = await core.call<{ fhe_key_ids: string[] }>('GetKeyMaterialAvailability', {});
      expect(availability.fhe_key_ids).toContain(keyId);
    } finally {
      core.close();
    }
  });

  it('survives 2,400 malformed requests across every RPC and still serves afterwards', async () => {
    const endpoint = client.cluster.parties[0].clientEndpoint;
    const raw = new grpc.Client(endpoint, grpc.credentials.createInsecure());
    const methods = Object.keys(
      (await import('../../src/core/api/proto.ts')).loadClientApi().kms_service.v1.CoreServiceEndpoint
        .service,
    );
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const codes = new Map<string, number>();
    try {
      for (let i = 0; i < 2_400; i++) {
        const method = methods[i % methods.length];
        const length = random() % 300;
        const body = Buffer.alloc(length);
        for (let j = 0; j < length; j++) body[j] = random() & 0xff;
        // Mostly garbage; every fourth body is a well-formed RequestId message with a random id string.
        const message =
          i % 4 === 0
            ? Buffer.concat([Buffer.from([0x0a, length & 0x7f]), body.subarray(0, length & 0x7f)])
            : body;
        const code = await new Promise<string>((resolve) => {
          raw.makeUnaryRequest(
            `/kms_service.v1.CoreServiceEndpoint/${method}`,
            (b: Buffer) => b,
            (b: Buffer) => b,
            message,
            { deadline: Date.now() + 10_000 },
            (error) => resolve(error ? grpc.status[error.code] : 'OK'),
          );
        });
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    } finally {
      raw.close();
    }
    expect(codes.get('INTERNAL') ?? 0).toBe(0);
    expect(codes.get('UNAVAILABLE') ?? 0).toBe(0);
    expect(codes.get('INVALID_ARGUMENT') ?? 0).toBeGreaterThan(100);
    const statuses = await client.status();
    expect(statuses.every((s) => s.health === 'OPTIMAL')).toBe(true);
  });
});
