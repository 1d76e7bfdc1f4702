// Test helpers of the decryption protocols: a dealt key set, ciphertexts under its keys (64-bit radix blocks via
// src/fhe/math, 128-bit squashed-noise blocks and compact lists encrypted directly under the secret key), and n
// parties over the in-memory network with PRSS states for one session.
import { AesCtrGenerator } from '../../../fhe/csprng/aes-ctr.ts';
import { generateKeySet, type SecretKeyMaterial } from '../../../fhe/keygen/keygen.ts';
import { compactListPhases } from '../../../fhe/math/compact.ts';
import { sampleTUniform, sampleTUniform128 } from '../../../fhe/math/noise.ts';
import { radixDecompose } from '../../../fhe/math/radix.ts';
import { type RandomSource, uniformU64s } from '../../../fhe/math/random.ts';
import { lwePhase128 } from '../../../fhe/math/squashed.ts';
import { encodeBlock } from '../../../fhe/math/torus.ts';
import type {
  CompactCiphertextList,
  DataKind,
  SquashedNoiseCiphertext,
  SquashedNoiseFheBool,
  SquashedNoiseFheUint,
} from '../../../fhe/objects/index.ts';
import type { ParameterSet } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../../net/index.ts';
import { dealPrssSetups } from '../../prss/dealer.test-util.ts';
import { PrssState } from '../../prss/prss.ts';
import { dealKeyShares, type KeyShares } from '../key-shares.ts';

export const NATIVE_128 = { modulus: 0n, scalarBits: 128 };
const NATIVE_64 = { modulus: 0n, scalarBits: 64 };

export function testSource(seedByte: number): RandomSource {
  return AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(seedByte) });
}

/** A key set's secrets and their shares among n parties at threshold t (GR(2^128, 4)). */
export function dealtKeys(params: ParameterSet, n: number, t: number, seedByte = 7) {
  const { secret } = generateKeySet(params, {
    seed: new Uint8Array(16).fill(seedByte),
    withServerKey: false,
  });
  const shares = dealKeyShares(
    {
      glweKey: secret.glweKey.data,
      lweKey: secret.lweKey,
      compactKey: secret.compactKey,
      noiseSquashingKey: secret.noiseSquashingKey?.data ?? null,
      noiseSquashingCompressionKey: secret.noiseSquashingCompressionKey?.data ?? null,
    },
    n,
    t,
    4,
  );
  return { secret, shares };
}

/** One 128-bit LWE (2(n + 1) words) of the plaintext value·2^deltaLog2 with TUniform(2^noiseBits) noise. */
export function encrypt128(
  key: BigUint64Array,
  value: number,
  deltaLog2: number,
  noiseBits: number,
  source: RandomSource,
): BigUint64Array {
  const n = key.length;
  const ct = uniformU64s(source, 2 * (n + 1));
  ct[2 * n] = 0n;
  ct[2 * n + 1] = 0n;
  const [lo, hi] = lwePhase128(ct, key); // −⟨a, s⟩
  const e = sampleTUniform128(source, noiseBits, 1);
  const body = BigInt.asUintN(
    128,
    (BigInt(value) << BigInt(deltaLog2)) + ((e[1] << 64n) | e[0]) - ((hi << 64n) | lo),
  );
  ct[2 * n] = body;
  ct[2 * n + 1] = body >> 64n;
  return ct;
}

function squashedBlock(data: BigUint64Array, degree: number): SquashedNoiseCiphertext {
  return { ct: { data, ciphertextModulus: NATIVE_128 }, degree, messageModulus: 4, carryModulus: 4 };
}

/** A SquashedNoiseFheUint of `bits` bits (two radix blocks packed per 128-bit LWE, as tfhe-rs packs them). */
export function encryptSquashedUint(
  value: bigint,
  bits: number,
  secret: SecretKeyMaterial,
  source: RandomSource,
  noiseBits = 30,
): SquashedNoiseFheUint {
  const key = secret.noiseSquashingKey!.data;
  const digits = radixDecompose(BigInt.asUintN(bits, value), bits / 2, 4);
  const packedBlocks: SquashedNoiseCiphertext[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    const v = digits[i] + 4 * (digits[i + 1] ?? 0);
    packedBlocks.push(squashedBlock(encrypt128(key, v, 123, noiseBits, source), 15));
  }
  return { packedBlocks, originalBlockCount: digits.length, state: 'Normal', tag: new Uint8Array(0) };
}

export function encryptSquashedBool(
  value: boolean,
  secret: SecretKeyMaterial,
  source: RandomSource,
): SquashedNoiseFheBool {
  const key = secret.noiseSquashingKey!.data;
  return {
    block: squashedBlock(encrypt128(key, value ? 1 : 0, 123, 30, source), 1),
    state: 'Normal',
    tag: new Uint8Array(0),
  };
}

/**
 * A compact ciphertext list encrypted directly under `key` (as a compact-PKE encryption decrypts: bins of masks,
 * ciphertext j's mask = bin · X^(j mod n)). `packed` puts two blocks per LWE (degree 15).
 */
export function encryptCompactList(
  values: { kind: DataKind; value: bigint }[],
  key: BigUint64Array,
  packed: boolean,
  source: RandomSource,
): CompactCiphertextList {
  const digits: number[] = [];
  for (const { kind, value } of values) {
    if (kind.kind === 'Boolean') digits.push(Number(value));
    else if (kind.kind === 'Unsigned' || kind.kind === 'Signed')
      digits.push(...radixDecompose(BigInt.asUintN(2 * kind.blocks, value), kind.blocks, 4));
  }
  const blockValues: number[] = [];
  if (packed)
    for (let i = 0; i < digits.length; i += 2) blockValues.push(digits[i] + 4 * (digits[i + 1] ?? 0));
  else blockValues.push(...digits);
  const n = key.length;
  const count = blockValues.length;
  const bins = Math.ceil(count / n);
  const data = uniformU64s(source, bins * n + count);
  data.fill(0n, bins * n);
  const minus = compactListPhases({ data, lweDimension: n, count }, key); // −⟨a_j, s⟩
  const noise = sampleTUniform(source, 17, count);
  for (let j = 0; j < count; j++) {
    data[bins * n + j] =
      encodeBlock(blockValues[j], { messageModulus: 4, carryModulus: 4 }) + noise[j] - minus[j];
  }
  return {
    list: {
      data,
      lweSize: n + 1,
      count,
      ciphertextModulus: NATIVE_64,
      degree: packed ? 15 : 3,
      messageModulus: 4,
      carryModulus: 4,
      expansionKind: {
        kind: 'NoCasting',
        atomicPattern: { kind: 'Standard', pbsOrder: 'KeyswitchBootstrap' },
        version: 1,
      },
    } as CompactCiphertextList['list'],
    info: values.map((v) => v.kind),
    tag: new Uint8Array(0),
  };
}

/** n parties over one in-memory network, each with a Session and a PRSS state (GR(2^128, 4)) for one session id. */
export function testParties(
  n: number,
  t: number,
  options: { timeoutMs?: number; tag?: string; participants?: number[] } = {},
) {
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId(`decryption-test-${options.tag ?? ''}-${Math.random()}`, 'decrypt');
  const setups = dealPrssSetups(n, t);
  const ring = galoisRing(128, 4);
  const sessions = setups.map(
    (_, i) =>
      new Session(network.transport(i + 1), sid, {
        threshold: t,
        timeoutMs: options.timeoutMs ?? 3_000,
        // A non-participant gets a session of all parties (it is not run in such tests).
        participants: options.participants?.includes(i + 1) ? options.participants : undefined,
      }),
  );
  const prss = setups.map((setup) => new PrssState(setup, ring, sid));
  return { network, sessions, prss, setups, sid };
}

/** Runs one protocol at every party (index p − 1 = party p) and waits for all. */
export function atAllParties<T>(n: number, run: (party: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => run(i + 1)));
}

export type { KeyShares };
