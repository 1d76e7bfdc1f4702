// Four core processes (`kms core`) on loopback with mTLS between them, serving a key dealt by this test
// (PARAMS_TEST_BK_SNS) so that it can encrypt squashed-noise ciphertexts under the noise-squashing key. NoiseFlood
// public decryption through the client SDK (values and every party's EIP-712 signature checked independently),
// of separate squashed ciphertexts and of a compressed squashed-noise list (BigCompressed),
// with a corrupt party sending wrong shares (its own process) and with a party down; malformed requests refused;
// user decryption of a squashed euint64 reconstructed by our client and by node-tkms 0.12.8 with verify = true.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreConnection } from '../../src/client/core-connection.ts';
import { DecryptStreamLink, encodeDecryptStreamRequest } from '../../src/client/decrypt-stream.ts';
import { DEFAULT_DOMAIN, KmsClusterClient, newRequestId } from '../../src/client/kms-client.ts';
import { partyDir } from '../../src/client/local/layout.ts';
import { localDown, localUp } from '../../src/client/local/processes.ts';
import {
  generateUserEncryptionKeys,
  toTkmsResponses,
  type UserDecryptionOutcome,
} from '../../src/client/user-decryption.ts';
import type { PublicDecryptionResponse__Output } from '../../src/core/api/generated/kms/v1/PublicDecryptionResponse.ts';
import { publicDecryptVerification, verifyEip712 } from '../../src/core/signing/eip712.ts';
import { leBytesToBigInt } from '../../src/core/signing/plaintexts.ts';
import {
  decryptCompressedSquashedList,
  encryptCompressedSquashedList,
} from '../../src/fhe/math/compressed-squashed.ts';
import { type DataKind, writeObject } from '../../src/fhe/objects/index.ts';
import {
  encryptSquashedBool,
  encryptSquashedUint,
  testSource,
} from '../../src/mpc/protocols/decryption/testing.test-util.ts';
import { type DealtKey, provisionDealtKey } from '../support/dealt-key.ts';
import { until } from '../support/until.ts';

const K = createRequire(import.meta.url)('node-tkms');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLIENT = '0x17853A630aAe15AED549B2B874de08B73C0F59c5';
/** Peer timeout of the cores: how long a decryption waits for a silent party. */
const PEER_TIMEOUT_MS = 3_000;
/** Core settings of this cluster: a short peer timeout, and no background BitDec preprocessing (the tests decrypt
 * squashed ciphertexts only, so only NoiseFlood messages cross the network). */
const CORE_ENV = { KMS_CORE__LIMITS__PEERTIMEOUTMS: String(PEER_TIMEOUT_MS), KMS_CORE__POOL__CAPACITY: '0' };
/** tfhe-rs FheTypes numbers of FheUint<bits>. */
const UINT_TYPES: Record<number, number> = { 8: 2, 32: 4, 64: 5, 128: 6, 256: 8 };
const UINTS: [number, bigint][] = [
  [8, 173n],
  [32, 0xdeadbeefn],
  [64, (1n << 64n) - 59n],
  [128, (1n << 127n) + 0x1234_5678_9abc_def0n],
  [256, (0xfedcba9876543210n << 190n) + 777n],
];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('NoiseFlood public decryption across four core processes (dealt squashed-noise key)', () => {
  let dir: string;
  let key: DealtKey;
  let client: KmsClusterClient;
  let addresses: string[];
  let liar: ChildProcess | undefined;
  let liarOutput = '';
  const source = testSource(11);

  const squashedUint = (value: bigint, bits: number) => ({
    bytes: writeObject('SquashedNoiseFheUint', encryptSquashedUint(value, bits, key.secret, source)),
    fheType: UINT_TYPES[bits],
  });
  const squashedBool = (value: boolean) => ({
    bytes: writeObject('SquashedNoiseFheBool', encryptSquashedBool(value, key.secret, source)),
    fheType: 0,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-noiseflood-'));
    key = await provisionDealtKey(dir, { parties: 4, params: 'test' });
    const previous = { ...process.env };
    Object.assign(process.env, CORE_ENV);
    try {
      const { cluster } = await localUp({ parties: 4, dir, logLevel: 'warn' });
      client = new KmsClusterClient(cluster);
    } finally {
      for (const name of Object.keys(CORE_ENV)) {
        if (previous[name] === undefined) delete process.env[name];
        else process.env[name] = previous[name];
      }
    }
    addresses = await Promise.all([1, 2, 3, 4].map((p) => client.partyAddress(p)));
  });

  afterAll(async () => {
    client?.close();
    if (liar?.pid && isAlive(liar.pid)) liar.kill('SIGKILL');
    if (dir) {
      await localDown(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the dealt key like a generated one: listed by every core, keygen result restored with its digests', async () => {
    for (const connection of client.connections) {
      const availability = await connection.call<{ fhe_key_ids: string[] }>('GetKeyMaterialAvailability', {});
      expect(availability.fhe_key_ids).toContain(key.keyId);
      const result = await connection.call<{ key_digests: { key_type: string }[] }>('GetKeyGenResult', {
        request_id: key.keyId,
      });
      expect(result.key_digests.map((d) => d.key_type).sort()).toEqual(['PublicKey', 'ServerKey']);
    }
    expect(Buffer.from(await client.readPublic(2, 'PublicKey', key.keyId))).toEqual(
      Buffer.from(key.publicKey),
    );
  });

  it('decrypts SquashedNoiseFheBool and FheUint8…256 in one request; every signature checks out', async () => {
    const cts = [squashedBool(true), ...UINTS.map(([bits, value]) => squashedUint(value, bits))];
    const expected = [
      { fheType: 0, value: 1n },
      ...UINTS.map(([bits, value]) => ({ fheType: UINT_TYPES[bits], value })),
    ];
    const outcome = await client.publicDecrypt(key.keyId, cts);
    expect(outcome.values).toEqual(expected);
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    // Without a grace period the client returns as soon as t + 1 = 2 cores agree.
    const eager = new KmsClusterClient(client.cluster, { decryptionGraceMs: 0 });
    try {
      const quick = await eager.publicDecrypt(key.keyId, cts);
      expect(quick.values).toEqual(expected);
      expect(quick.agreeingParties.length).toBeGreaterThanOrEqual(2);
      expect([1, 2, 3, 4]).toEqual(expect.arrayContaining(quick.agreeingParties));
    } finally {
      eager.close();
    }

    // Independently of the client's checks: each core's answer, its signature recovered against its address,
    // and a plaintext changed after signing no longer verifies.
    const handles = cts.map((_, i) => new Uint8Array(32).fill(0x60 + i));
    const request = {
      request_id: { request_id: newRequestId() },
      key_id: { request_id: key.keyId },
      ciphertexts: cts.map((c, i) => ({
        ciphertext: Buffer.from(c.bytes),
        fhe_type: c.fheType,
        external_handle: Buffer.from(handles[i]),
        ciphertext_format: 'BigExpanded',
      })),
      domain: domainMessage(),
    };
    const responses = await Promise.all(
      client.connections.map((c) => c.call<PublicDecryptionResponse__Output>('PublicDecryptSync', request)),
    );
    for (const [i, response] of responses.entries()) {
      const plaintexts = response.payload!.plaintexts.map((p) => ({
        bytes: new Uint8Array(p.bytes),
        fheType: p.fhe_type,
      }));
      expect(plaintexts.map((p) => ({ fheType: p.fheType, value: leBytesToBigInt(p.bytes) }))).toEqual(
        expected,
      );
      const signature = new Uint8Array(response.external_signature);
      const signed = publicDecryptVerification(handles, plaintexts, new Uint8Array(0));
      expect(await verifyEip712(DEFAULT_DOMAIN, signed, signature, addresses[i])).toBe(true);
      expect(await verifyEip712(DEFAULT_DOMAIN, signed, signature, addresses[(i + 1) % 4])).toBe(false);
      const altered = plaintexts.map((p, j) =>
        j === 3 ? { ...p, bytes: p.bytes.map((b, k) => (k ? b : b ^ 1)) } : p,
      );
      expect(
        await verifyEip712(
          DEFAULT_DOMAIN,
          publicDecryptVerification(handles, altered, new Uint8Array(0)),
          signature,
          addresses[i],
        ),
      ).toBe(false);
    }
  });

  it('quorum fan-out: requests run on the same 2t + 1 parties, the fourth gets nothing; bad participants refused', async () => {
    const quorum = quorumClient();
    const sent = countStreamSends(quorum);
    try {
      for (let r = 0; r < 4; r++) {
        const value = 0x1000n + BigInt(r);
        const outcome = await quorum.publicDecrypt(key.keyId, [squashedUint(value, 32)]);
        expect(outcome.values).toEqual([{ fheType: UINT_TYPES[32], value }]);
        expect(outcome.agreeingParties.length).toBeGreaterThanOrEqual(2);
      }
      // One quorum of 3 consecutive parties (from a random one) served all four requests.
      const idle = sent.counts.indexOf(0);
      expect(idle).toBeGreaterThanOrEqual(0);
      expect(sent.counts).toEqual([1, 2, 3, 4].map((p) => (p === idle + 1 ? 0 : 4)));
    } finally {
      sent.restore();
      quorum.close();
    }
    // Raw DecryptStream messages with participants that cannot run NoiseFlood alone.
    const link = new DecryptStreamLink(client.connections[0].client);
    try {
      const ct = squashedUint(5n, 8);
      const refusal = (participants: number[]) => {
        const requestId = newRequestId();
        return link
          .send(
            requestId,
            encodeDecryptStreamRequest({
              public_decrypt: {
                request_id: { request_id: requestId },
                key_id: { request_id: key.keyId },
                ciphertexts: [
                  {
                    ciphertext: Buffer.from(ct.bytes),
                    fhe_type: ct.fheType,
                    external_handle: Buffer.alloc(32, 2),
                    ciphertext_format: 'BigExpanded',
                  },
                ],
                domain: domainMessage(),
              },
              participants,
            }),
            30_000,
          )
          .then(
            () => 'OK',
            (e: { code: number }) => status[e.code],
          );
      };
      expect(await refusal([1, 2])).toBe('INVALID_ARGUMENT');
      expect(await refusal([2, 3, 4])).toBe('INVALID_ARGUMENT');
      expect(await refusal([1, 2, 9])).toBe('INVALID_ARGUMENT');
    } finally {
      link.close();
    }
  });

  it('decrypts a compressed squashed-noise list (Bool, Uint8, Uint64, Uint256) declared BigCompressed, ≈ 10× smaller', async () => {
    const values: { kind: DataKind; value: bigint }[] = [
      { kind: { kind: 'Boolean' }, value: 1n },
      { kind: { kind: 'Unsigned', blocks: 4 }, value: 0xa5n },
      { kind: { kind: 'Unsigned', blocks: 32 }, value: 0xfedc_ba98_7654_3210n },
      { kind: { kind: 'Unsigned', blocks: 128 }, value: (0x1234_5678n << 200n) + 99n },
    ];
    const list = encryptCompressedSquashedList(
      values,
      key.secret.noiseSquashingCompressionKey!,
      key.params.noiseSquashingCompression!,
      source,
    );
    expect(decryptCompressedSquashedList(list, key.secret.noiseSquashingCompressionKey!)).toEqual(
      values.map((v) => v.value),
    );
    const bytes = writeObject('CompressedSquashedNoiseCiphertextList', list);
    const expected = [
      { fheType: 0, value: 1n },
      { fheType: UINT_TYPES[8], value: 0xa5n },
      { fheType: UINT_TYPES[64], value: 0xfedc_ba98_7654_3210n },
      { fheType: UINT_TYPES[256], value: (0x1234_5678n << 200n) + 99n },
    ];
    // fhe_type is checked only for single-value ciphertexts; a list yields its elements' own types.
    const outcome = await client.publicDecrypt(key.keyId, [{ bytes, fheType: UINT_TYPES[64] }]);
    expect(outcome.values).toEqual(expected);
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    // The same values as separate squashed ciphertexts take ≈ 10× the bytes.
    const separate = [
      squashedBool(true),
      squashedUint(0xa5n, 8),
      squashedUint(0xfedc_ba98_7654_3210n, 64),
      squashedUint((0x1234_5678n << 200n) + 99n, 256),
    ].reduce((n, c) => n + c.bytes.length, 0);
    expect(bytes.length * 10).toBeLessThan(separate);
    // Any other declared format is refused, naming BigCompressed.
    const refusal = await client.connections[0]
      .call('PublicDecryptSync', {
        request_id: { request_id: newRequestId() },
        key_id: { request_id: key.keyId },
        ciphertexts: [
          {
            ciphertext: Buffer.from(bytes),
            fhe_type: UINT_TYPES[64],
            external_handle: Buffer.alloc(32, 1),
            ciphertext_format: 'BigExpanded',
          },
        ],
        domain: domainMessage(),
      })
      .then(
        () => ({ code: 'OK', details: '' }),
        (e: { code: number; details: string }) => ({ code: status[e.code], details: e.details }),
      );
    expect(refusal.code).toBe('INVALID_ARGUMENT');
    expect(refusal.details).toMatch(/use BigCompressed/);
  });

  it('reaches cores without DecryptStream with PublicDecryptSync (mixed with streamed cores)', async () => {
    const links = (client as unknown as { decryptStreams: DecryptStreamLink[] }).decryptStreams;
    const streamed = links.map((l) => l.send);
    let streamCalls = 0;
    links.forEach((link, i) => {
      link.send = (...args) => {
        streamCalls++;
        return streamed[i].apply(link, args);
      };
    });
    // Parties 2 and 4 as cores of a version without the stream.
    links[1].supported = false;
    links[3].supported = false;
    try {
      const outcome = await client.publicDecrypt(key.keyId, [squashedUint(0x5an, 8)]);
      expect(outcome.values).toEqual([{ fheType: UINT_TYPES[8], value: 0x5an }]);
      expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
      expect(streamCalls).toBe(2);
    } finally {
      links.forEach((link, i) => {
        link.send = streamed[i];
        link.supported = true;
      });
    }
  });

  it('the client counts only validly signed answers: one forged answer is dropped, three forged ones fail', async () => {
    // Parties' answers altered on the way to the client (a plaintext byte flipped, the signature kept).
    const forge = (partyIds: number[]) => {
      const links = (client as unknown as { decryptStreams: DecryptStreamLink[] }).decryptStreams;
      const restore = partyIds.map((partyId) => {
        const link = links[partyId - 1];
        const original = link.send;
        link.send = (...args) =>
          original.apply(link, args).then((answer) => {
            answer.public_decrypt!.payload!.plaintexts[0].bytes[0] ^= 1;
            return answer;
          });
        return () => {
          link.send = original;
        };
      });
      return () => {
        for (const r of restore) r();
      };
    };
    const cts = [squashedUint(0x77n, 8)];
    let restore = forge([3]);
    try {
      const outcome = await client.publicDecrypt(key.keyId, cts);
      expect(outcome.values).toEqual([{ fheType: UINT_TYPES[8], value: 0x77n }]);
      expect(outcome.agreeingParties).toEqual([1, 2, 4]);
    } finally {
      restore();
    }
    // Three parties agreeing on 0x76 would be a quorum if signatures were not checked.
    restore = forge([2, 3, 4]);
    try {
      await expect(client.publicDecrypt(key.keyId, cts)).rejects.toThrow(
        /fewer than 2 parties agreed with valid signatures.*party 2: invalid signature/,
      );
    } finally {
      restore();
    }
  });

  it('refuses a malformed squashed ciphertext and a wrong fhe_type with InvalidArgument and keeps serving', async () => {
    const good = squashedUint(0xabcdn, 32);
    // [case, bytes, declared fhe_type, what the refusal names]
    const cases: [string, Buffer, number, RegExp][] = [
      ['truncated', Buffer.from(good.bytes).subarray(0, good.bytes.length - 9), good.fheType, /ciphertext/],
      ['garbage', Buffer.alloc(200, 0xa5), good.fheType, /ciphertext/],
      ['wrong fhe_type', Buffer.from(good.bytes), UINT_TYPES[64], /fhe_type/],
      ['bool declared for a uint', Buffer.from(good.bytes), 0, /fhe_type/],
    ];
    for (const [name, ciphertext, fheType, reason] of cases) {
      for (const method of ['PublicDecrypt', 'PublicDecryptSync'] as const) {
        const refusal = await client.connections[1]
          .call(method, {
            request_id: { request_id: newRequestId() },
            key_id: { request_id: key.keyId },
            ciphertexts: [
              {
                ciphertext,
                fhe_type: fheType,
                external_handle: Buffer.alloc(32, 1),
                ciphertext_format: 'BigExpanded',
              },
            ],
            domain: domainMessage(),
          })
          .then(
            () => ({ code: 'OK', details: '' }),
            (e: { code: number; details: string }) => ({ code: status[e.code], details: e.details }),
          );
        expect({ name, method, code: refusal.code }).toEqual({ name, method, code: 'INVALID_ARGUMENT' });
        expect(refusal.details).toMatch(reason);
      }
    }
    const outcome = await client.publicDecrypt(key.keyId, [good]);
    expect(outcome.values).toEqual([{ fheType: UINT_TYPES[32], value: 0xabcdn }]);
  });

  it('user decryption of a squashed euint64: reconstructed by our client and by node-tkms (verify = true)', async () => {
    const value = 0x0123_4567_89ab_cdefn;
    const user = tkmsKeys();
    const outcome = await client.userDecrypt(key.keyId, [squashedUint(value, 64)], {
      keys: user.keys,
      clientAddress: CLIENT,
    });
    expect(outcome.values).toEqual([{ fheType: UINT_TYPES[64], value }]);
    expect(outcome.acceptedParties).toEqual([1, 2, 3, 4]);
    expect(outcome.liars).toEqual([]);
    expect(tkmsReconstruct(outcome, user, [1, 2, 3, 4])).toEqual([value]);
    expect(tkmsReconstruct(outcome, user, [1, 3, 4])).toEqual([value]);
    // Our client alone, with a fresh key pair of its own.
    const own = await client.userDecrypt(key.keyId, [squashedUint(value + 1n, 64)], {
      keys: generateUserEncryptionKeys(),
    });
    expect(own.values).toEqual([{ fheType: UINT_TYPES[64], value: value + 1n }]);
  });

  it('user decryption of a compressed squashed-noise list: one value per element, node-tkms agrees', async () => {
    const values: { kind: DataKind; value: bigint }[] = [
      { kind: { kind: 'Boolean' }, value: 1n },
      { kind: { kind: 'Unsigned', blocks: 32 }, value: 0x0bad_cafe_dead_beefn },
    ];
    const list = encryptCompressedSquashedList(
      values,
      key.secret.noiseSquashingCompressionKey!,
      key.params.noiseSquashingCompression!,
      source,
    );
    const bytes = writeObject('CompressedSquashedNoiseCiphertextList', list);
    const user = tkmsKeys();
    const outcome = await client.userDecrypt(key.keyId, [{ bytes, fheType: UINT_TYPES[64] }], {
      keys: user.keys,
      clientAddress: CLIENT,
    });
    expect(outcome.values).toEqual([
      { fheType: 0, value: 1n },
      { fheType: UINT_TYPES[64], value: 0x0bad_cafe_dead_beefn },
    ]);
    expect(tkmsReconstruct(outcome, user, [1, 2, 3, 4])).toEqual([1n, 0x0bad_cafe_dead_beefn]);
  });

  it('a party sending wrong shares (its own corrupt process) is corrected away; everyone signs the right values', async () => {
    const pidFile = join(partyDir(dir, 3), 'core.pid');
    const honestPid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(honestPid, 'SIGTERM');
    await until(() => !isAlive(honestPid), { what: 'party 3 to stop', timeoutMs: 30_000, intervalMs: 100 });
    liar = spawn(
      NODE,
      ['--import', 'tsx', join(ROOT, 'test/support/lying-core.ts'), join(partyDir(dir, 3), 'core.yaml')],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...CORE_ENV,
          KMS_CORE__LOG__LEVEL: 'warn',
        },
      },
    );
    liar.stdout!.on('data', (chunk: Buffer) => {
      liarOutput += chunk.toString();
    });
    liar.stderr!.on('data', (chunk: Buffer) => {
      liarOutput += chunk.toString();
    });
    const probe = new CoreConnection(3, client.cluster.parties[2].clientEndpoint);
    try {
      await until(
        () =>
          probe.call('GetKeyMaterialAvailability', {}, 1_000).then(
            () => true,
            () => false,
          ),
        { what: 'the corrupt party 3 to serve', timeoutMs: 30_000, intervalMs: 100 },
      );
    } finally {
      probe.close();
    }
    const cts = [squashedBool(false), ...UINTS.map(([bits, value]) => squashedUint(value ^ 0x5an, bits))];
    const outcome = await client.publicDecrypt(key.keyId, cts);
    expect(outcome.values).toEqual([
      { fheType: 0, value: 0n },
      ...UINTS.map(([bits, value]) => ({ fheType: UINT_TYPES[bits], value: value ^ 0x5an })),
    ]);
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    // The lie went out: every honest party received a falsified share vector from party 3.
    expect(liarOutput).toMatch(/falsified [1-9]/);
    // Quorum fan-out: the quorum (1, 2, 3) holds the liar, so its parties cannot open and the request is repeated
    // on all four (3 + 4 messages); later requests go to all parties for a while.
    const quorum = quorumClient(1);
    const sent = countStreamSends(quorum);
    try {
      const again = await quorum.publicDecrypt(key.keyId, cts.slice(0, 3));
      expect(again.values).toEqual(outcome.values.slice(0, 3));
      expect(sent.counts).toEqual([2, 2, 2, 1]);
      const next = await quorum.publicDecrypt(key.keyId, cts.slice(3));
      expect(next.values).toEqual(outcome.values.slice(3));
      expect(sent.counts).toEqual([3, 3, 3, 2]);
    } finally {
      sent.restore();
      quorum.close();
    }
  });

  it('still decrypts with one party down, signed by the other three (2t + 1 consistent shares end the opening)', async () => {
    if (liar?.pid && isAlive(liar.pid)) {
      const pid = liar.pid;
      liar.kill('SIGTERM');
      await until(() => !isAlive(pid), { what: 'party 3 to stop', timeoutMs: 30_000, intervalMs: 100 });
    }
    const outcome = await client.publicDecrypt(key.keyId, [
      squashedUint(987_654_321n, 64),
      squashedBool(true),
    ]);
    expect(outcome.values).toEqual([
      { fheType: UINT_TYPES[64], value: 987_654_321n },
      { fheType: 0, value: 1n },
    ]);
    expect(outcome.agreeingParties).toEqual([1, 2, 4]);
    // Quorum fan-out with the party down: a quorum holding it goes to all parties as soon as the party fails.
    const quorum = quorumClient(1);
    const sent = countStreamSends(quorum);
    try {
      for (let r = 0; r < 3; r++) {
        const value = 4242n + BigInt(r);
        const again = await quorum.publicDecrypt(key.keyId, [squashedUint(value, 64)]);
        expect(again.values).toEqual([{ fheType: UINT_TYPES[64], value }]);
        expect(again.agreeingParties).not.toContain(3);
        // After the pause (cut short here), the next quorum leaves out the party whose stream broke: 1, 2, 4.
        if (r === 1) (quorum as unknown as { quorumPausedUntil: number }).quorumPausedUntil = 0;
      }
      // Request 1: quorum 1 2 3, then all four; request 2: all four; request 3: quorum 1 2 4.
      expect(sent.counts).toEqual([4, 4, 3, 3]);
      expect(quorum.quorumFallbacks).toBe(1);
    } finally {
      sent.restore();
      quorum.close();
    }
  });

  /** A client with the quorum fan-out, returning at t + 1 agreeing parties. Its long hedge delay makes sure that
   * on a loaded machine no request is repeated on all parties merely for being slow. */
  function quorumClient(firstParty?: number) {
    const quorum = new KmsClusterClient(client.cluster, {
      decryptionFanOut: 'quorum',
      decryptionGraceMs: 0,
      quorumHedgeMs: 60_000,
    });
    // The quorum's first party is random per client; these tests choose it.
    if (firstParty !== undefined) (quorum as unknown as { quorumTurn: number }).quorumTurn = firstParty - 1;
    return quorum;
  }

  /** Counts the public decryptions a client sends on each party's stream (index = party − 1). */
  function countStreamSends(target: KmsClusterClient) {
    const links = (target as unknown as { decryptStreams: DecryptStreamLink[] }).decryptStreams;
    const counts = links.map(() => 0);
    const originals = links.map((l) => l.send);
    links.forEach((link, i) => {
      link.send = (...args) => {
        counts[i]++;
        return originals[i].apply(link, args);
      };
    });
    return {
      counts,
      restore: () =>
        links.forEach((link, i) => {
          link.send = originals[i];
        }),
    };
  }

  function domainMessage() {
    return {
      name: DEFAULT_DOMAIN.name,
      version: DEFAULT_DOMAIN.version,
      chain_id: Buffer.from(DEFAULT_DOMAIN.chainId.toString(16).padStart(64, '0'), 'hex'),
      verifying_contract: DEFAULT_DOMAIN.verifyingContract,
    };
  }

  function tkmsReconstruct(
    outcome: UserDecryptionOutcome,
    user: ReturnType<typeof tkmsKeys>,
    parties: number[],
  ): bigint[] {
    const tkmsClient = K.new_client(
      addresses.map((a, i) => K.new_server_id_addr(i + 1, a)),
      outcome.request.clientAddress,
      'test',
    );
    const chain = new Array<number>(32).fill(0);
    for (let i = 31, v = DEFAULT_DOMAIN.chainId; i >= 0; i--, v >>= 8n) chain[i] = Number(v & 0xffn);
    const out = K.process_user_decryption_resp_from_js(
      tkmsClient,
      {
        signature: undefined,
        client_address: outcome.request.clientAddress,
        enc_key: Buffer.from(outcome.request.encKey).toString('hex'),
        ciphertext_handles: outcome.request.handles.map((h) => Buffer.from(h).toString('hex')),
        eip712_verifying_contract: DEFAULT_DOMAIN.verifyingContract,
      },
      {
        name: DEFAULT_DOMAIN.name,
        version: DEFAULT_DOMAIN.version,
        chain_id: chain,
        verifying_contract: DEFAULT_DOMAIN.verifyingContract,
        salt: null,
      },
      toTkmsResponses(parties.map((p) => outcome.responses.get(p)!)),
      user.pk,
      user.sk,
      true,
    ) as { bytes: Uint8Array }[];
    return out.map((p) => BigInt(`0x${Buffer.from(p.bytes).toString('hex') || '0'}`));
  }
});

/** node-tkms' own user key pair (its encodings: safe-serialized public key, bincode secret key). */
function tkmsKeys() {
  const sk = K.ml_kem_pke_keygen();
  const pk = K.ml_kem_pke_get_pk(sk);
  return {
    keys: {
      publicKey: new Uint8Array(K.ml_kem_pke_pk_to_u8vec(pk)),
      secretKey: new Uint8Array(K.ml_kem_pke_sk_to_u8vec(sk)),
    },
    sk,
    pk,
  };
}
