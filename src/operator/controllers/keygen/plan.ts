// KeyGen: preprocessing then key generation (KeyGenPreproc → KeyGen, or the insecure dealer pair), finished by
// checking that n − t parties signed the same digests; records key id, digests and where the keys were written.
import type { KeyGenResult__Output } from '../../../core/api/generated/kms/v1/KeyGenResult.ts';
import { partyPrefix } from '../../../storage/layout.ts';
import { PLURALS } from '../../api/constants.ts';
import type { KeyGen } from '../../api/types.ts';
import { type CeremonyClient, domainMessage } from '../../parties/ceremony-client.ts';
import type { CeremonyPlan, StepPlan } from '../ceremony/plan.ts';

export const KEYGEN_STEPS = { preprocessing: 'preprocessing', keygen: 'keygen' } as const;

function keysetConfig(record: KeyGen) {
  return record.spec.keyset ? { keyset_type: record.spec.keyset.type } : undefined;
}

export function keygenSteps(record: KeyGen): StepPlan[] {
  const insecure = record.spec.insecure;
  const params = record.spec.parameters;
  const keyset = keysetConfig(record);
  return [
    {
      name: KEYGEN_STEPS.preprocessing,
      startMethod: insecure ? 'InsecureKeyGenPreproc' : 'KeyGenPreproc',
      pollMethod: insecure ? 'GetInsecureKeyGenPreprocResult' : 'GetKeyGenPreprocResult',
      request: (ids, client: CeremonyClient) => ({
        request_id: { request_id: ids[KEYGEN_STEPS.preprocessing] },
        params,
        domain: domainMessage(client.domain),
        ...(keyset ? { keyset_config: keyset } : {}),
      }),
    },
    {
      name: KEYGEN_STEPS.keygen,
      startMethod: insecure ? 'InsecureKeyGen' : 'KeyGen',
      pollMethod: insecure ? 'GetInsecureKeyGenResult' : 'GetKeyGenResult',
      request: (ids, client: CeremonyClient) => ({
        request_id: { request_id: ids[KEYGEN_STEPS.keygen] },
        preproc_id: { request_id: ids[KEYGEN_STEPS.preprocessing] },
        params,
        domain: domainMessage(client.domain),
        ...(keyset ? { keyset_config: keyset } : {}),
      }),
    },
  ];
}

/** Where party i published key `keyId` (reference layout `{prefix}/{DataType}/{id}`). */
export function keyLocations(client: CeremonyClient, keyId: string): string[] {
  return client.sdk.cluster.parties.flatMap((p) => {
    const prefix = partyPrefix('PUB', p.partyId);
    const base =
      p.publicStorage?.type === 's3'
        ? `s3://${p.publicStorage.bucket}/${prefix}`
        : p.publicStorage?.type === 'file'
          ? `file://${p.publicStorage.path}/${prefix}`
          : undefined;
    return base ? [`${base}/PublicKey/${keyId}`, `${base}/ServerKey/${keyId}`] : [];
  });
}

export const keygenPlan: CeremonyPlan<KeyGen> = {
  kind: 'KeyGen',
  plural: PLURALS.KeyGen,
  steps: keygenSteps,
  async finish(_record, client, steps, results) {
    const keyId = steps.find((s) => s.name === KEYGEN_STEPS.keygen)?.requestId as string;
    const preprocessingId = steps.find((s) => s.name === KEYGEN_STEPS.preprocessing)?.requestId as string;
    const agreement = await client.agreeOnKeygen(
      keyId,
      preprocessingId,
      results as Map<number, KeyGenResult__Output>,
    );
    if (!agreement.ok) return { ok: false, reason: 'DigestsDisagree', message: agreement.message };
    return {
      ok: true,
      result: {
        keyId,
        preprocessingId,
        digests: agreement.digests,
        agreeingParties: agreement.agreeingParties,
        storageLocations: keyLocations(client, keyId),
      },
    };
  },
};
