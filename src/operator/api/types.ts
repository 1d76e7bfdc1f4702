// TypeScript shapes of the custom resources; the CRD YAML in crds/ is the source of truth and validates them.
import type { KubernetesObject } from '@kubernetes/client-node';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  /** A string on the wire (custom objects are not deserialised into Dates). */
  creationTimestamp?: Date;
  deletionTimestamp?: Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export interface KmsClusterSpec {
  parties: number;
  threshold: number;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  resources?: Resources;
  storage: {
    s3?: {
      endpoint?: string;
      region: string;
      bucket: string;
      prefix?: string;
      forcePathStyle?: boolean;
      /** Secret with keys accessKeyId / secretAccessKey; passed to cores as env overrides. */
      credentialsSecretRef?: { name: string };
    };
    volume?: { size: string; storageClassName?: string };
  };
  redis: {
    managed?: { image: string; resources?: Resources };
    external?: { url: string };
  };
  tls?: { caValidityDays?: number; certificateValidityDays?: number };
  parameters: 'default' | 'test' | 'tfhe_default';
  decryptionMode: 'NoiseFlood' | 'BitDec';
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  peerTimeoutMs?: number;
  nodeSelector?: Record<string, string>;
}

export interface PartyStatus {
  index: number;
  statefulSet: string;
  ready: boolean;
  endpoint: string;
}

export interface KmsClusterStatus {
  observedGeneration?: number;
  phase?: string;
  readyParties?: number;
  parties?: PartyStatus[];
  caSecret?: string;
  buckets?: string[];
  conditions?: Condition[];
}

export interface KmsCluster extends KubernetesObject {
  metadata: ObjectMeta;
  spec: KmsClusterSpec;
  status?: KmsClusterStatus;
}

export interface KeyGenSpec {
  clusterRef: { name: string };
  parameters: 'default' | 'test' | 'tfhe_default';
  insecure: boolean;
  keyset?: { type: 'Standard' | 'DecompressionOnly' };
}

export interface CrsCeremonySpec {
  clusterRef: { name: string };
  maxNumBits: number;
  parameters?: 'default' | 'test' | 'tfhe_default';
}

export type CeremonyPhase = 'Pending' | 'Starting' | 'Running' | 'Succeeded' | 'Failed';

/** One step of a ceremony (e.g. preprocessing then keygen), with the request id written before the call. */
export interface CeremonyStep {
  name: string;
  requestId: string;
  /** Set once every party acknowledged the start call. */
  started?: boolean;
  /** Parties whose result is in. */
  partiesDone?: number;
  completed?: boolean;
}

export interface CeremonyStatus {
  observedGeneration?: number;
  phase?: CeremonyPhase;
  attempts?: number;
  steps?: CeremonyStep[];
  startTime?: string;
  completionTime?: string;
  progressPercent?: number;
  estimatedCompletionTime?: string;
  message?: string;
  result?: {
    keyId?: string;
    crsId?: string;
    preprocessingId?: string;
    digests?: { keyType: string; digest: string }[];
    agreeingParties?: number[];
    storageLocations?: string[];
  };
  conditions?: Condition[];
}

export interface KeyGen extends KubernetesObject {
  metadata: ObjectMeta;
  spec: KeyGenSpec;
  status?: CeremonyStatus;
}

export interface CrsCeremony extends KubernetesObject {
  metadata: ObjectMeta;
  spec: CrsCeremonySpec;
  status?: CeremonyStatus;
}
