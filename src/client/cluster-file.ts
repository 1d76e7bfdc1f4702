// cluster.yaml: how clients reach a cluster — threshold, and per party its client endpoint, public storage and
// (once known) its signing address. Validated with zod on read.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

const partySchema = z
  .object({
    partyId: z.number().int().min(1),
    /** host:port of the client API. */
    clientEndpoint: z.string().min(3),
    metricsEndpoint: z.string().min(3).optional(),
    /** Where the party publishes its public material (file storage root for local clusters). */
    publicStorage: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('file'), path: z.string().min(1) }).strict(),
        z
          .object({
            type: z.literal('s3'),
            endpoint: z.string().url().optional(),
            region: z.string().min(1),
            bucket: z.string().min(3),
          })
          .strict(),
      ])
      .optional(),
    /** EIP-55 address of the party's signing key. */
    address: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/)
      .optional(),
  })
  .strict();

export const clusterFileSchema = z
  .object({
    threshold: z.number().int().min(0),
    parties: z.array(partySchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.parties.length !== 3 * c.threshold + 1 && c.parties.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `${c.parties.length} parties need n = 3t + 1` });
    }
  });

export type ClusterFile = z.infer<typeof clusterFileSchema>;
export type ClusterParty = ClusterFile['parties'][number];

export function readClusterFile(path: string): ClusterFile {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read cluster file ${path}: ${(error as Error).message}`);
  }
  const parsed = clusterFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `invalid cluster file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function writeClusterFile(path: string, cluster: ClusterFile): void {
  writeFileSync(path, stringify(clusterFileSchema.parse(cluster)));
}
