// Key-set material → the typed tfhe-rs objects of src/fhe/objects (ClientKey, CompactPublicKey in the 1.7 or the
// 1.4-compatible layout, CompressedCompactPublicKey, CompressedServerKey), ready for `writeObject`.
import type {
  ClientKey,
  CompactPublicKey,
  CompressedCompactPublicKey,
  CompressedModulusSwitchConfiguration,
  CompressedServerKey,
  SeededLweBootstrapKey,
  SeededLweKeyswitchKey,
} from '../objects/types.ts';
import type {
  CiphertextModulus,
  CompactPublicKeyEncryptionParameters,
  ModulusSwitchType,
  ParameterSet,
} from '../params/types.ts';
import type {
  KeySetMaterial,
  SeededBootstrapKeyMaterial,
  SeededKeyswitchKeyMaterial,
  ServerKeyMaterial,
} from './keygen.ts';

const NATIVE_64: CiphertextModulus = { modulus: 0n, scalarBits: 64 };
const NATIVE_128: CiphertextModulus = { modulus: 0n, scalarBits: 128 };

/** Which CompactPublicKey layout to write: tfhe-rs 1.7, or the one node-tfhe 1.4.0-alpha.3 also reads. */
export type CompactPublicKeyLayout = '1.7' | '1.4';

/**
 * The CompactPublicKeyEncryptionParameters of a parameter set: the dedicated PKE parameters, or the ones tfhe-rs
 * derives from the compute parameters for a big-key CPK (dimension k·N, GLWE noise, NoCasting KS-PBS, no ZK).
 */
export function compactPublicKeyParameters(
  params: ParameterSet,
  layout: CompactPublicKeyLayout = '1.7',
): CompactPublicKeyEncryptionParameters {
  const version = layout === '1.7' ? 1 : 0;
  const dedicated = params.dedicatedCompactPublicKey;
  if (dedicated) return { ...dedicated.pke, expansionKind: { ...dedicated.pke.expansionKind, version } };
  const c = params.compute;
  return {
    encryptionLweDimension: c.glweDimension * c.polynomialSize,
    encryptionNoiseDistribution: c.glweNoiseDistribution,
    messageModulus: c.messageModulus,
    carryModulus: c.carryModulus,
    ciphertextModulus: c.ciphertextModulus,
    expansionKind: {
      kind: 'NoCasting',
      atomicPattern: { kind: 'Standard', pbsOrder: 'KeyswitchBootstrap' },
      version,
    },
    zkScheme: 'ZkNotSupported',
  };
}

/**
 * The hlapi ClientKey of a key set.
 * @example writeObject('ClientKey', toClientKey(keys))
 */
export function toClientKey(keys: KeySetMaterial): ClientKey {
  const { params, secret } = keys;
  const dedicated = params.dedicatedCompactPublicKey;
  const widen = (words: BigUint64Array): BigUint64Array => {
    const out = new BigUint64Array(2 * words.length);
    for (let i = 0; i < words.length; i++) out[2 * i] = words[i];
    return out;
  };
  return {
    glweSecretKey: { data: secret.glweKey.data, polynomialSize: secret.glweKey.polynomialSize },
    lweSecretKey: secret.lweKey,
    parameters: params.compute,
    dedicatedCompactPrivateKey:
      dedicated && secret.compactKey
        ? { secretKey: secret.compactKey, parameters: dedicated.pke, keySwitchingParameters: dedicated.ksk }
        : null,
    compressionPrivateKey:
      params.compression && secret.compressionKey
        ? {
            postPackingKsKey: {
              data: secret.compressionKey.data,
              polynomialSize: secret.compressionKey.polynomialSize,
            },
            parameters: params.compression,
          }
        : null,
    noiseSquashingPrivateKey:
      params.noiseSquashing && secret.noiseSquashingKey
        ? {
            postNoiseSquashingSecretKey: {
              data: widen(secret.noiseSquashingKey.data),
              polynomialSize: secret.noiseSquashingKey.polynomialSize,
            },
            parameters: params.noiseSquashing,
          }
        : null,
    noiseSquashingCompressionPrivateKey: null,
    reRandomizationParameters: params.reRandomization,
    oprfPrivateKey: secret.oprfKey,
    tag: new Uint8Array(0),
  };
}

/**
 * The hlapi CompactPublicKey of a key set, in the 1.7 layout or the 1.4-compatible one (expansion kind V0).
 * @example writeObject('CompactPublicKey', toCompactPublicKey(keys, '1.4')) // readable by node-tfhe 1.4
 */
export function toCompactPublicKey(
  keys: KeySetMaterial,
  layout: CompactPublicKeyLayout = '1.7',
): CompactPublicKey {
  const cpk = keys.compactPublicKey;
  return {
    mask: cpk.mask,
    body: cpk.body,
    polynomialSize: cpk.mask.length,
    ciphertextModulus: NATIVE_64,
    parameters: compactPublicKeyParameters(keys.params, layout),
    tag: new Uint8Array(0),
  };
}

/**
 * The hlapi CompressedCompactPublicKey (body + seed) of a key set; its decompression is `toCompactPublicKey`.
 * @example writeObject('CompressedCompactPublicKey', toCompressedCompactPublicKey(keys))
 */
export function toCompressedCompactPublicKey(keys: KeySetMaterial): CompressedCompactPublicKey {
  const cpk = keys.compactPublicKey;
  return {
    body: cpk.body,
    glweSize: 2,
    compressionSeed: cpk.seed,
    ciphertextModulus: NATIVE_64,
    parameters: compactPublicKeyParameters(keys.params),
    tag: new Uint8Array(0),
  };
}

function seededKsk(k: SeededKeyswitchKeyMaterial): SeededLweKeyswitchKey {
  return {
    data: k.bodies,
    decompBaseLog: k.baseLog,
    decompLevelCount: k.level,
    outputLweSize: k.outputDimension + 1,
    compressionSeed: k.seed,
    ciphertextModulus: NATIVE_64,
  };
}

function seededBsk(k: SeededBootstrapKeyMaterial): SeededLweBootstrapKey {
  return {
    data: k.bodies,
    glweSize: k.glweDimension + 1,
    polynomialSize: k.polynomialSize,
    decompBaseLog: k.baseLog,
    decompLevelCount: k.level,
    compressionSeed: k.seed,
    ciphertextModulus: NATIVE_64,
  };
}

function modulusSwitchFrom(ms: ModulusSwitchType): CompressedModulusSwitchConfiguration {
  if (ms.kind === 'DriftTechniqueNoiseReduction') {
    throw new RangeError('toCompressedServerKey: drift-technique modulus-switch keys are not generated');
  }
  return ms;
}

/**
 * The hlapi CompressedServerKey of a key set (KSK, BSK, OPRF BSK, casting key, compression and decompression keys,
 * noise-squashing key; no noise-squashing compression or re-randomization keys). Max degree follows tfhe-rs' integer server key: msg·carry − carry (12 for 2+2 bits).
 * @example writeObject('CompressedServerKey', toCompressedServerKey(keys))
 */
export function toCompressedServerKey(keys: KeySetMaterial): CompressedServerKey {
  const server: ServerKeyMaterial | null = keys.server;
  if (!server) throw new RangeError('toCompressedServerKey: the key set was generated without a server key');
  const c = keys.params.compute;
  const dedicated = keys.params.dedicatedCompactPublicKey;
  return {
    keySwitchingKey: seededKsk(server.ksk),
    bootstrappingKey: seededBsk(server.bsk),
    modulusSwitch: modulusSwitchFrom(keys.params.compute.modulusSwitchNoiseReduction),
    pbsOrder: 'KeyswitchBootstrap',
    messageModulus: c.messageModulus,
    carryModulus: c.carryModulus,
    maxDegree: c.messageModulus * c.carryModulus - c.carryModulus,
    maxNoiseLevel: c.maxNoiseLevel,
    cpkKeySwitchingKeyMaterial:
      server.castingKsk && dedicated
        ? {
            keySwitchingKey: seededKsk(server.castingKsk),
            castRshift: 0,
            destinationKey: dedicated.ksk.destinationKey,
            destinationAtomicPattern: 'Standard',
          }
        : null,
    compressionKey: server.compression
      ? {
          packingKeySwitchingKey: {
            data: server.compression.packingKsk.bodies,
            decompBaseLog: server.compression.packingKsk.baseLog,
            decompLevelCount: server.compression.packingKsk.level,
            outputGlweSize: server.compression.packingKsk.outputGlweDimension + 1,
            outputPolynomialSize: server.compression.packingKsk.outputPolynomialSize,
            compressionSeed: server.compression.packingKsk.seed,
            ciphertextModulus: NATIVE_64,
          },
          lwePerGlwe: server.compression.lwePerGlwe,
          storageLogModulus: server.compression.storageLogModulus,
        }
      : null,
    // The decompression PBS uses the standard modulus switch (compression parameters carry no noise-reduction
    // setting in tfhe-rs 1.7; assumption — not checked against a tfhe-rs sample).
    decompressionKey: server.compression
      ? {
          bootstrappingKey: seededBsk(server.compression.decompressionBsk),
          modulusSwitch: { kind: 'Standard' },
          lwePerGlwe: server.compression.lwePerGlwe,
        }
      : null,
    noiseSquashingKey:
      server.noiseSquashingBsk && keys.params.noiseSquashing
        ? {
            bootstrappingKey: { ...seededBsk(server.noiseSquashingBsk), ciphertextModulus: NATIVE_128 },
            modulusSwitch: modulusSwitchFrom(keys.params.noiseSquashing.modulusSwitchNoiseReduction),
            messageModulus: keys.params.noiseSquashing.messageModulus,
            carryModulus: keys.params.noiseSquashing.carryModulus,
            outputCiphertextModulus: NATIVE_128,
          }
        : null,
    noiseSquashingCompressionKey: null,
    cpkReRandomizationKey: null,
    oprfBootstrappingKey: server.oprfBsk ? seededBsk(server.oprfBsk) : null,
    tag: new Uint8Array(0),
  };
}
