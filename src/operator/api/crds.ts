// The CustomResourceDefinitions as data: structural schemas, CEL rules, printer columns and the status
// subresource. crds/*.yaml and the chart's copies are rendered from here (`node --import tsx
// src/operator/api/crds.ts`); a test fails when they drift.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GROUP, PLURALS, VERSION } from './constants.ts';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const bool = (extra: Schema = {}): Schema => ({ type: 'boolean', ...extra });
const obj = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...extra,
});
const strMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const quantityMap: Schema = {
  type: 'object',
  additionalProperties: {
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
  },
};
const resources = obj({ requests: quantityMap, limits: quantityMap });
const params = str({ enum: ['default', 'test', 'tfhe_default'] });
const requestId = str({ pattern: '^[0-9a-f]{64}$' });

const conditions: Schema = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: obj(
    {
      type: str({ maxLength: 316 }),
      status: str({ enum: ['True', 'False', 'Unknown'] }),
      reason: str({ maxLength: 1024 }),
      message: str({ maxLength: 32768 }),
      observedGeneration: int({ format: 'int64', minimum: 0 }),
      lastTransitionTime: str({ format: 'date-time' }),
    },
    { required: ['type', 'status', 'reason', 'message'] },
  ),
};

const clusterRef = obj({ name: str({ minLength: 1, maxLength: 63 }) }, { required: ['name'] });

const ceremonyStatus = obj({
  observedGeneration: int({ format: 'int64' }),
  phase: str({ enum: ['Pending', 'Starting', 'Running', 'Succeeded', 'Failed'] }),
  attempts: int({ minimum: 0 }),
  steps: {
    type: 'array',
    items: obj(
      {
        name: str(),
        requestId,
        started: bool(),
        partiesDone: int({ minimum: 0 }),
        completed: bool(),
      },
      { required: ['name', 'requestId'] },
    ),
  },
  startTime: str({ format: 'date-time' }),
  completionTime: str({ format: 'date-time' }),
  progressPercent: int({ minimum: 0, maximum: 100 }),
  estimatedCompletionTime: str({ format: 'date-time' }),
  message: str(),
  result: obj({
    keyId: str(),
    crsId: str(),
    preprocessingId: str(),
    digests: { type: 'array', items: obj({ keyType: str(), digest: str() }) },
    agreeingParties: { type: 'array', items: int() },
    storageLocations: { type: 'array', items: str() },
  }),
  conditions,
});

const kmsClusterSpec = obj(
  {
    parties: int({ minimum: 4, maximum: 64, description: 'Number of parties n; n = 3t + 1.' }),
    threshold: int({ minimum: 1, maximum: 21, description: 'Corruption threshold t.' }),
    image: str({ minLength: 1, description: 'Image running `kms core`.' }),
    imagePullPolicy: str({ enum: ['Always', 'IfNotPresent', 'Never'] }),
    resources,
    storage: obj(
      {
        s3: obj(
          {
            endpoint: str({ description: 'Custom S3 endpoint URL (on-prem S3).' }),
            region: str({ default: 'us-east-1' }),
            bucket: str({ minLength: 3, maxLength: 63, pattern: '^[a-z0-9][a-z0-9.-]*[a-z0-9]$' }),
            prefix: str({ description: 'Reserved; the core storage config has no prefix yet.' }),
            forcePathStyle: bool(),
            credentialsSecretRef: obj({ name: str({ minLength: 1 }) }, { required: ['name'] }),
          },
          { required: ['bucket', 'region'] },
        ),
        volume: obj(
          {
            size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            storageClassName: str(),
          },
          { required: ['size'] },
        ),
      },
      {
        'x-kubernetes-validations': [
          { rule: 'has(self.s3) || has(self.volume)', message: 'storage needs s3, volume, or both' },
        ],
      },
    ),
    redis: obj(
      {
        managed: obj({ image: str({ default: 'redis:7.0' }), resources }),
        external: obj({ url: str({ pattern: '^rediss?://' }) }, { required: ['url'] }),
      },
      {
        'x-kubernetes-validations': [
          {
            rule: 'has(self.managed) != has(self.external)',
            message: 'redis needs exactly one of managed or external',
          },
        ],
      },
    ),
    tls: obj({
      caValidityDays: int({ minimum: 1, default: 3650 }),
      certificateValidityDays: int({ minimum: 1, default: 825 }),
    }),
    parameters: { ...params, default: 'default' },
    decryptionMode: str({ enum: ['NoiseFlood', 'BitDec'], default: 'NoiseFlood' }),
    logLevel: str({ enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] }),
    peerTimeoutMs: int({ minimum: 1 }),
    nodeSelector: strMap,
  },
  {
    required: ['parties', 'threshold', 'image', 'storage', 'redis'],
    'x-kubernetes-validations': [
      { rule: 'self.parties == 3 * self.threshold + 1', message: 'parties must equal 3 * threshold + 1' },
      {
        rule: 'self.parties == oldSelf.parties && self.threshold == oldSelf.threshold',
        message: 'parties and threshold cannot change (that needs resharing)',
      },
    ],
  },
);

const kmsClusterStatus = obj({
  observedGeneration: int({ format: 'int64' }),
  phase: str(),
  readyParties: int({ minimum: 0 }),
  parties: {
    type: 'array',
    items: obj(
      { index: int(), statefulSet: str(), ready: bool(), endpoint: str() },
      { required: ['index', 'ready'] },
    ),
  },
  caSecret: str(),
  buckets: { type: 'array', items: str() },
  conditions,
});

const keygenSpec = obj(
  {
    clusterRef,
    parameters: { ...params, default: 'default' },
    insecure: bool({
      default: false,
      description: 'Dealer key generation (tests only: one process sees the key).',
    }),
    keyset: obj({ type: str({ enum: ['Standard', 'DecompressionOnly'], default: 'Standard' }) }),
  },
  {
    required: ['clusterRef'],
    'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'spec is immutable' }],
  },
);

const crsSpec = obj(
  {
    clusterRef,
    maxNumBits: int({ minimum: 1, maximum: 65536 }),
    parameters: { ...params, default: 'default' },
  },
  {
    required: ['clusterRef', 'maxNumBits'],
    'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'spec is immutable' }],
  },
);

const readyColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
};
const ageColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function crd(
  kind: string,
  plural: string,
  shortNames: string[],
  spec: Schema,
  status: Schema,
  columns: Schema[],
) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames,
        categories: ['kms'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: columns,
          schema: {
            openAPIV3Schema: obj(
              { apiVersion: str(), kind: str(), metadata: { type: 'object' }, spec, status },
              { required: ['spec'] },
            ),
          },
        },
      ],
    },
  };
}

export const CRDS = {
  kmsclusters: crd('KmsCluster', PLURALS.KmsCluster, ['kmsc'], kmsClusterSpec, kmsClusterStatus, [
    readyColumn,
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Parties', type: 'integer', jsonPath: '.spec.parties' },
    { name: 'Ready-Parties', type: 'integer', jsonPath: '.status.readyParties' },
    ageColumn,
  ]),
  keygens: crd('KeyGen', PLURALS.KeyGen, ['kg'], keygenSpec, ceremonyStatus, [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef.name' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Progress', type: 'integer', jsonPath: '.status.progressPercent' },
    { name: 'Key', type: 'string', jsonPath: '.status.result.keyId', priority: 1 },
    ageColumn,
  ]),
  crsceremonies: crd('CrsCeremony', PLURALS.CrsCeremony, ['crs'], crsSpec, ceremonyStatus, [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef.name' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Progress', type: 'integer', jsonPath: '.status.progressPercent' },
    { name: 'CRS', type: 'string', jsonPath: '.status.result.crsId', priority: 1 },
    ageColumn,
  ]),
} as const;

const HEADER =
  '# Generated from src/operator/api/crds.ts — edit there, then run: node --import tsx src/operator/api/crds.ts\n';

/** The YAML text of each CRD file, keyed by file name. */
export function renderCrdFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CRDS).map(([plural, crd]) => [
      `${GROUP}_${plural}.yaml`,
      HEADER + stringify(crd, { lineWidth: 0 }),
    ]),
  );
}

/** Directories that hold rendered copies: the plain CRDs for GitOps and the chart's files. */
export const CRD_DIRS = ['crds', 'charts/kms-operator/files/crds'];

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of CRD_DIRS) {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(renderCrdFiles())) writeFileSync(join(dir, file), text);
  }
  console.log(`wrote ${Object.keys(CRDS).length} CRDs to ${CRD_DIRS.join(', ')}`);
}
