// CrsCeremony: one CrsGen step; finished when n − t parties signed the same CRS digest. The cores may answer
// UNIMPLEMENTED today; the ceremony then fails with that error in its status.
import type { CrsGenResult__Output } from '../../../core/api/generated/kms/v1/CrsGenResult.ts';
import { PLURALS } from '../../api/constants.ts';
import type { CrsCeremony } from '../../api/types.ts';
import { domainMessage } from '../../parties/ceremony-client.ts';
import type { CeremonyPlan } from '../ceremony/plan.ts';

export const crsPlan: CeremonyPlan<CrsCeremony> = {
  kind: 'CrsCeremony',
  plural: PLURALS.CrsCeremony,
  steps: (record) => [
    {
      name: 'crs',
      startMethod: 'CrsGen',
      pollMethod: 'GetCrsGenResult',
      request: (ids, client) => ({
        request_id: { request_id: ids.crs },
        params: record.spec.parameters ?? 'default',
        max_num_bits: record.spec.maxNumBits,
        domain: domainMessage(client.domain),
      }),
    },
  ],
  async finish(record, client, steps, results) {
    const crsId = steps[0].requestId;
    const agreement = await client.agreeOnCrs(
      crsId,
      record.spec.maxNumBits,
      results as Map<number, CrsGenResult__Output>,
    );
    if (!agreement.ok) return { ok: false, reason: 'DigestsDisagree', message: agreement.message };
    return {
      ok: true,
      result: { crsId, digests: agreement.digests, agreeingParties: agreement.agreeingParties },
    };
  },
};
