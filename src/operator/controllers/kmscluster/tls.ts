// The cluster's certificate authority and party certificates. The CA is made by the operator and kept only in a
// Secret; a party certificate is (re)issued when its Secret is missing or was issued by another CA.
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  createCertificateAuthority,
  issuePartyCertificate,
  type PemPair,
} from '../../../core/tls/certificates.ts';
import type { KmsCluster } from '../../api/types.ts';
import type { Kube } from '../../runtime/kube.ts';
import type { PartyTls } from './desired.ts';
import { childNames, partyIdentity } from './names.ts';

type SecretObject = KubernetesObject & { data?: Record<string, string> };

function decode(secret: SecretObject | undefined, key: string): string | undefined {
  const value = secret?.data?.[key];
  return value ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

/** DNS names a party is reached by: its per-party Service and its pod behind the headless Service. */
export function partyHosts(cluster: KmsCluster, index: number): string[] {
  const names = childNames(cluster.metadata.name);
  const ns = cluster.metadata.namespace;
  const service = names.party(index);
  return [
    service,
    `${service}.${ns}`,
    `${service}.${ns}.svc`,
    `${service}.${ns}.svc.cluster.local`,
    `${service}-0.${names.peersService}.${ns}.svc`,
    'localhost',
  ];
}

/** Reads the CA and party certificates from their Secrets, creating what is missing. */
export async function loadOrIssueTls(kube: Kube, cluster: KmsCluster): Promise<PartyTls> {
  const { namespace } = cluster.metadata;
  const names = childNames(cluster.metadata.name);
  const caSecret = await kube.read<SecretObject>('v1', 'Secret', namespace, names.caSecret);
  const caCert = decode(caSecret, 'ca.crt');
  const caKey = decode(caSecret, 'ca.key');
  const days = cluster.spec.tls;
  const ca: PemPair =
    caCert && caKey
      ? { certPem: caCert, keyPem: caKey }
      : await createCertificateAuthority(`${cluster.metadata.name} kms ca`, days?.caValidityDays ?? 3650);
  const parties: PemPair[] = [];
  for (let i = 1; i <= cluster.spec.parties; i++) {
    const secret = await kube.read<SecretObject>('v1', 'Secret', namespace, names.partyTlsSecret(i));
    const cert = decode(secret, 'tls.crt');
    const key = decode(secret, 'tls.key');
    if (cert && key && decode(secret, 'ca.crt') === ca.certPem) parties.push({ certPem: cert, keyPem: key });
    else
      parties.push(
        await issuePartyCertificate(
          ca,
          partyIdentity(i),
          partyHosts(cluster, i),
          days?.certificateValidityDays ?? 825,
        ),
      );
  }
  return { ca, parties };
}
