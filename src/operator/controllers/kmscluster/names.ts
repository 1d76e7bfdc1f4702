// Names of a KmsCluster's children, in one place so builders, observers and tests agree.
export const childNames = (cluster: string) => ({
  caSecret: `${cluster}-ca`,
  configMap: `${cluster}-config`,
  peersService: `${cluster}-peers`,
  redis: `${cluster}-redis`,
  disruptionBudget: `${cluster}-parties`,
  party: (index: number) => `${cluster}-p${index}`,
  partyTlsSecret: (index: number) => `${cluster}-p${index}-tls`,
  configKey: (index: number) => `core-p${index}.yaml`,
});

/** MPC identity of a party: the subject common name of its certificate. */
export const partyIdentity = (index: number) => `p${index}`;

/** host:port peers and clients use to reach a party through its per-party Service. */
export function partyAddress(cluster: string, namespace: string, index: number, port: number): string {
  return `${childNames(cluster).party(index)}.${namespace}.svc:${port}`;
}
