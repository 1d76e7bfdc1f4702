// The configuration of one core, validated with zod. Every value a core uses is here: no hidden defaults in code.
import { z } from 'zod';

const hostPort = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')
  .refine((s) => Number(s.split(':').pop()) <= 65535, 'port out of range');

const fileStorage = z.object({ type: z.literal('file'), path: z.string().min(1) }).strict();
const s3Storage = z
  .object({
    type: z.literal('s3'),
    endpoint: z.string().url().optional(),
    region: z.string().min(1),
    bucket: z.string().min(3),
    forcePathStyle: z.boolean(),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
  })
  .strict();
const storage = z.discriminatedUnion('type', [fileStorage, s3Storage]);

const peer = z
  .object({
    partyId: z.number().int().min(1),
    /** Address peers dial, host:port. */
    address: hostPort,
    /** Certificate subject common name the peer must present (its MPC identity). */
    identity: z.string().min(1),
  })
  .strict();

/** Key generation's per-round wait when the config sets none (the reference budgets minutes for key rounds). */
export const DEFAULT_KEYGEN_TIMEOUT_MS = 600_000;

/** BitDec pool defaults: 64 euint64-sized batches per key (≈ 26 MB at d = 4), 16 per lane with n = 4. */
export const DEFAULT_BITDEC_POOL = {
  capacity: 64,
  blocks: 32,
  readyTimeoutMs: 60_000,
  proposalTimeoutMs: 2_000,
} as const;

export const coreConfigSchema = z
  .object({
    party: z
      .object({
        id: z.number().int().min(1),
        identity: z.string().min(1),
      })
      .strict(),
    threshold: z.number().int().min(0),
    listen: z
      .object({
        /** Client API (gRPC). */
        client: hostPort,
        /** Party-to-party API (gRPC + mTLS). */
        peer: hostPort,
        /** Prometheus metrics and health over plain HTTP. */
        metrics: hostPort,
      })
      .strict(),
    peers: z.array(peer).min(1),
    tls: z
      .object({
        /** PEM files: the CA every party certificate is issued by, this party's certificate and its private key. */
        caFile: z.string().min(1),
        certFile: z.string().min(1),
        keyFile: z.string().min(1),
      })
      .strict(),
    storage: z.object({ public: storage, private: storage }).strict(),
    preprocessing: z.discriminatedUnion('type', [
      z.object({ type: z.literal('memory') }).strict(),
      z
        .object({ type: z.literal('redis'), url: z.string().regex(/^rediss?:\/\//, 'expected redis:// url') })
        .strict(),
    ]),
    /** Background BitDec preprocessing per key (absent: DEFAULT_BITDEC_POOL). `pool`, `capacity` and `blocks`
     * are single lower-case words so KMS_CORE__POOL__CAPACITY / __BLOCKS apply without a `pool` section. */
    pool: z
      .object({
        /** Produced-but-unallocated batches kept per key (split into n lanes); 0 disables the pool. */
        capacity: z.number().int().min(0).max(100_000).default(DEFAULT_BITDEC_POOL.capacity),
        /** Block units per batch (47 triples + 64 bits each with the cores' BitDec options; 32 = one euint64). */
        blocks: z.number().int().min(1).max(4096).default(DEFAULT_BITDEC_POOL.blocks),
        /** How long a batch's first round waits for lagging peers. */
        readyTimeoutMs: z.number().int().min(1).default(DEFAULT_BITDEC_POOL.readyTimeoutMs),
        /** How long a party waits for a request's allocation proposal before voting "no proposal". */
        proposalTimeoutMs: z.number().int().min(1).default(DEFAULT_BITDEC_POOL.proposalTimeoutMs),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        maxClientMessageBytes: z.number().int().min(1024),
        maxPeerMessageBytes: z.number().int().min(1024),
        rateLimitTokens: z.number().int().min(1),
        decryptionStoreCapacity: z.number().int().min(1),
        peerTimeoutMs: z.number().int().min(1),
        /** Per-round wait of key generation, whose rounds include generating and moving large key material
         * (DEFAULT_KEYGEN_TIMEOUT_MS when absent). */
        keygenTimeoutMs: z.number().int().min(1).optional(),
      })
      .strict(),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).strict(),
    /** The CRS ceremony: worker threads for its point work (absent: every available CPU). Set with
     * KMS_CORE__CEREMONY__WORKERS. */
    ceremony: z
      .object({ workers: z.number().int().min(1).max(256) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const n = config.peers.length;
    const ids = new Set(config.peers.map((p) => p.partyId));
    if (ids.size !== n)
      ctx.addIssue({ code: 'custom', path: ['peers'], message: 'party ids must be unique' });
    for (let i = 1; i <= n; i++) {
      if (!ids.has(i))
        ctx.addIssue({ code: 'custom', path: ['peers'], message: `party ids must be 1..${n}` });
    }
    if (!ids.has(config.party.id)) {
      ctx.addIssue({ code: 'custom', path: ['party', 'id'], message: 'this party must be listed in peers' });
    }
    if (n !== 3 * config.threshold + 1 && !(n === 1 && config.threshold === 0)) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `n = ${n} parties need n = 3t + 1` });
    }
  });

export type CoreConfig = z.infer<typeof coreConfigSchema>;
