// CrsCeremony: one CrsGen step; finished when n − t parties report the same CRS digest. The cores may answer
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
  async finish(_record, client, steps, results) {
    const crsId = steps[0].requestId;
    const groups = new Map<string, number[]>();
    for (const [party, result] of results as Map<number, CrsGenResult__Output>) {
      const digest = Buffer.from(result.crs_digest).toString('hex');
      groups.set(digest, [...(groups.get(digest) ?? []), party]);
    }
    const needed = client.parties - client.threshold;
    for (const [digest, parties] of groups) {
      if (parties.length >= needed)
        return {
          ok: true,
          result: {
            crsId,
            digests: [{ keyType: 'CRS', digest }],
            agreeingParties: parties.sort((a, b) => a - b),
          },
        };
    }
    return {
      ok: false,
      reason: 'DigestsDisagree',
      message: `fewer than ${needed} parties agree on the CRS digest`,
    };
  },
};
