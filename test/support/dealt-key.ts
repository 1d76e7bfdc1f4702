// A key dealt in this process and written into the storage of a local cluster before its cores boot, exactly as
// an insecure keygen leaves it (public PublicKey and ServerKey, a signed FheKeyInfo record with each party's key
// share and PRSS keys). The caller keeps the secret key, so it can make ciphertexts no client library can make,
// such as squashed-noise ones encrypted under the noise-squashing key.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DOMAIN, newRequestId } from '../../src/client/kms-client.ts';
import { partyDir } from '../../src/client/local/layout.ts';
import { encodeKeyRecord, type KeyMetadata } from '../../src/core/party/key-records.ts';
import { KEY_SHARE_DEGREE } from '../../src/core/party/operations/insecure-keygen.ts';
import { DSEP_PUBDATA_KEY, keyDigest } from '../../src/core/signing/digest.ts';
import { type Eip712Domain, keygenVerificationStandard, signEip712 } from '../../src/core/signing/eip712.ts';
import { loadOrCreatePartyIdentity } from '../../src/core/signing/identity.ts';
import { generateKeySet, type SecretKeyMaterial } from '../../src/fhe/keygen/keygen.ts';
import { toCompactPublicKey, toCompressedServerKey } from '../../src/fhe/keygen/objects.ts';
import { writeObject } from '../../src/fhe/objects/index.ts';
import { type ParameterSet, parameterSet } from '../../src/fhe/params/index.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../../src/mpc/net/index.ts';
import { dealKeyShares } from '../../src/mpc/protocols/key-shares.ts';
import { runPrssSetup } from '../../src/mpc/prss/setup.ts';
import { PrivDataType, PubDataType } from '../../src/storage/data-types.ts';
import { openFileVault } from '../../src/storage/file-vault.ts';
import { DEFAULT_EPOCH_ID } from '../../src/storage/ids.ts';
import { partyPrefix } from '../../src/storage/layout.ts';

export interface DealtKeyOptions {
  /** Number of parties (3t + 1), as given to `localUp`. */
  parties: number;
  /** Parameter set name as the core knows it: 'test' (PARAMS_TEST_BK_SNS) or 'default' (BC_PARAMS_SNS). */
  params: 'test' | 'default';
  /**
   * Whether the published ServerKey carries the noise-squashing bootstrapping key (default true). Decryption
   * never reads the server key; leaving that part out of a BC_PARAMS_SNS key saves ≈ 10 s and ≈ 170 MB per party.
   */
  noiseSquashingServerKey?: boolean;
  /** Domain the keygen signatures are made for (default: the client SDK's default domain). */
  domain?: Eip712Domain;
}

export interface DealtKey {
  keyId: string;
  preprocessingId: string;
  params: ParameterSet;
  secret: SecretKeyMaterial;
  /** The CompactPublicKey every party published, as stored. */
  publicKey: Uint8Array;
}

/**
 * Deals a key among the parties of the local cluster in `dir` and stores it in their (file) vaults; call it
 * before `localUp({ dir, … })` (which keeps existing storage) or restart the cores afterwards, since cores load
 * keys at boot. Each party's signing identity is created here if it has none yet, as its core would at first boot.
 * @example const key = await provisionDealtKey(dir, { parties: 4, params: 'test' }); await localUp({ parties: 4, dir })
 */
export async function provisionDealtKey(dir: string, options: DealtKeyOptions): Promise<DealtKey> {
  const n = options.parties;
  if (!Number.isInteger(n) || n < 4 || (n - 1) % 3 !== 0)
    throw new RangeError(`parties must be 3t + 1 ≥ 4, got ${n}`);
  const t = (n - 1) / 3;
  const params = parameterSet(options.params);
  if (!params.noiseSquashing) throw new RangeError(`${params.name} has no noise-squashing key`);
  const keyId = newRequestId();
  const preprocessingId = newRequestId();
  const domain = options.domain ?? DEFAULT_DOMAIN;

  const keys = generateKeySet(params, { withNoiseSquashingKey: options.noiseSquashingServerKey ?? true });
  const publicKey = writeObject('CompactPublicKey', toCompactPublicKey(keys));
  const serverKey = writeObject('CompressedServerKey', toCompressedServerKey(keys));
  const s = keys.secret;
  const shares = dealKeyShares(
    {
      lweKey: s.lweKey,
      glweKey: s.glweKey.data,
      compactKey: s.compactKey,
      oprfKey: s.oprfKey,
      compressionKey: s.compressionKey?.data ?? null,
      noiseSquashingKey: s.noiseSquashingKey?.data ?? null,
      noiseSquashingCompressionKey: s.noiseSquashingCompressionKey?.data ?? null,
    },
    n,
    t,
    KEY_SHARE_DEGREE,
  );
  const prss = await prssSetups(keyId, n, t);
  const publicDigest = keyDigest(publicKey);
  const serverDigest = nativeKeyDigest(serverKey);
  if (!Buffer.from(nativeKeyDigest(publicKey)).equals(publicDigest))
    throw new Error('the native key digest differs from the core’s');
  const payload = keygenVerificationStandard(
    preprocessingId,
    keyId,
    serverDigest,
    publicDigest,
    new Uint8Array(0),
  );

  for (let party = 1; party <= n; party++) {
    const root = join(partyDir(dir, party), 'storage');
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const publicVault = await openFileVault({ root, role: 'PUB', prefix: partyPrefix('PUB', party) });
    const privateVault = await openFileVault({ root, role: 'PRIV', prefix: partyPrefix('PRIV', party) });
    try {
      const { signingKey } = await loadOrCreatePartyIdentity(privateVault, publicVault);
      await publicVault.put({ dataType: PubDataType.PublicKey, id: keyId }, publicKey);
      await publicVault.put({ dataType: PubDataType.ServerKey, id: keyId }, serverKey);
      const metadata: KeyMetadata = {
        keyId,
        preprocessingId,
        params: options.params,
        insecure: true,
        digests: [
          { keyType: PubDataType.ServerKey, digest: hex(serverDigest) },
          { keyType: PubDataType.PublicKey, digest: hex(publicDigest) },
        ],
        extraData: '',
        externalSignature: hex(signEip712(signingKey, domain, payload)),
      };
      await privateVault.put(
        { dataType: PrivDataType.FheKeyInfo, epochId: DEFAULT_EPOCH_ID, id: keyId },
        encodeKeyRecord({ metadata, shares: shares[party - 1], prss: prss[party - 1] }),
      );
    } finally {
      await publicVault.close();
      await privateVault.close();
    }
  }
  return { keyId, preprocessingId, params, secret: s, publicKey };
}

/** The PRSS keys of every party, agreed by running the real setup protocol over an in-memory network. */
async function prssSetups(keyId: string, n: number, t: number) {
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId(keyId, 'insecure-keygen');
  const sessions = Array.from(
    { length: n },
    (_, i) => new Session(network.transport(i + 1), sid, { threshold: t, timeoutMs: 10_000 }),
  );
  try {
    return await Promise.all(sessions.map((session) => runPrssSetup(session.child('prss-setup'))));
  } finally {
    for (const session of sessions) session.close();
  }
}

/** keyDigest (SHAKE-256 over the domain separator and the bytes) with node:crypto: the server key of BC_PARAMS_SNS is
 * ≈ 100 MB, which the JS hash takes ≈ 10 s over. Checked against keyDigest on the public key. */
function nativeKeyDigest(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(
    createHash('shake256', { outputLength: 32 }).update(DSEP_PUBDATA_KEY).update(bytes).digest(),
  );
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
