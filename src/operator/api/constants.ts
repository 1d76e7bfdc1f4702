// Names shared by the CRDs, the controllers and the chart. The API group is a placeholder domain.
export const GROUP = 'kms.example.com';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** The one field manager for every server-side apply of children and of status. */
export const FIELD_MANAGER = 'kms-operator';

export const LABELS = {
  cluster: `${GROUP}/cluster`,
  party: `${GROUP}/party`,
  component: `${GROUP}/component`,
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

export const ANNOTATIONS = {
  /**
   * Test and migration hook: path of a cluster file (see src/client/cluster-file.ts) whose endpoints replace the
   * in-cluster party Services. Honoured only when the operator runs with --allow-endpoint-override.
   */
  endpointOverride: `${GROUP}/cluster-file-override`,
} as const;

export const PLURALS = {
  KmsCluster: 'kmsclusters',
  KeyGen: 'keygens',
  CrsCeremony: 'crsceremonies',
} as const;

/** Ports every core listens on inside its pod. */
export const CORE_PORTS = { client: 50100, peer: 50001, metrics: 9646 } as const;
