// S3 vault backend (AWS S3 or on-prem S3-compatible servers). Keys follow the reference layout inside one bucket.
// Put-if-absent sends `If-None-Match: *` and also checks with HEAD first, because some servers ignore the header
// (s3rver does) and would otherwise overwrite key material.

import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { checkArg, StorageUnavailableError } from './errors.ts';
import { checkPrefix, type VaultRole } from './layout.ts';
import { LayoutVault, type ObjectBackend, type Vault, type VaultLogger } from './vault.ts';

/** Connection settings (the reference's `[aws]` section plus the bucket). */
export interface S3ConnectionConfig {
  /** AWS region; default `us-east-1`. */
  readonly region?: string;
  /** Custom endpoint for on-prem S3 (MinIO, Versity Gateway, …), e.g. `http://127.0.0.1:7070`. */
  readonly endpoint?: string;
  /** Path-style URLs (`{endpoint}/{bucket}/{key}`); default true when `endpoint` is set. */
  readonly forcePathStyle?: boolean;
  /** Static credentials; when absent the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY env, …). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** Attempts per request (SDK retry strategy); default 3. */
  readonly maxAttempts?: number;
}

/** Options of `openS3Vault`. */
export interface S3VaultOptions extends S3ConnectionConfig {
  readonly bucket: string;
  readonly role: VaultRole;
  /** Defaults to the role name. */
  readonly prefix?: string;
  /** Reuse a client (tests, several vaults on one connection); `close()` leaves it open unless `closeClient`. */
  readonly client?: S3Client;
  /** Destroy the given `client` on `close()`; default false. A client the vault creates is always destroyed. */
  readonly closeClient?: boolean;
  readonly log?: VaultLogger;
}

/**
 * An S3 client configured for vault use: checksums only when the operation requires them (servers such as s3rver
 * store aws-chunked framing as object bytes otherwise), path-style addressing for custom endpoints.
 * @example const s3 = createS3Client({ endpoint: 'http://127.0.0.1:7070', credentials: { accessKeyId, secretAccessKey } })
 */
export function createS3Client(config: S3ConnectionConfig = {}): S3Client {
  const options: S3ClientConfig = {
    region: config.region ?? 'us-east-1',
    forcePathStyle: config.forcePathStyle ?? config.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: config.maxAttempts ?? 3,
  };
  if (config.endpoint !== undefined) options.endpoint = config.endpoint;
  if (config.credentials !== undefined) options.credentials = { ...config.credentials };
  return new S3Client(options);
}

/** Creates `bucket` unless it exists (and is ours). True when it was created.
 * @example await ensureBucket(client, 'kms-public')
 */
export async function ensureBucket(client: S3Client, bucket: string): Promise<boolean> {
  checkBucketName(bucket);
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return false;
  } catch (err) {
    if (httpStatus(err) !== 404 && errorName(err) !== 'NotFound' && errorName(err) !== 'NoSuchBucket') {
      throw wrap(`HeadBucket ${bucket}`, err);
    }
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    if (errorName(err) === 'BucketAlreadyOwnedByYou') return false;
    throw wrap(`CreateBucket ${bucket}`, err);
  }
}

/** Object backend on one S3 bucket. */
export class S3ObjectBackend implements ObjectBackend {
  readonly kind = 's3';
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #ownsClient: boolean;

  constructor(client: S3Client, bucket: string, ownsClient: boolean) {
    checkBucketName(bucket);
    this.#client = client;
    this.#bucket = bucket;
    this.#ownsClient = ownsClient;
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    if (await this.exists(key)) return false;
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (err) {
      const status = httpStatus(err);
      // 412: the object appeared between HEAD and PUT; 409: a concurrent conditional write won the race.
      if (status === 412 || errorName(err) === 'PreconditionFailed') return false;
      if (status === 409 && (await this.exists(key))) return false;
      throw wrap(`PutObject ${key}`, err);
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      if (out.Body === undefined)
        throw new StorageUnavailableError(`s3 vault: GetObject ${key} returned no body`);
      return await out.Body.transformToByteArray();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw wrap(`GetObject ${key}`, err);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw wrap(`HeadObject ${key}`, err);
    }
  }

  async listNames(dirKey: string): Promise<string[]> {
    const start = `${dirKey}/`;
    const names: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.#bucket,
            Prefix: start,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key?.startsWith(start)) names.push(object.Key.slice(start.length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (err) {
      throw wrap(`ListObjectsV2 ${start}`, err);
    }
    return names;
  }

  async delete(key: string): Promise<boolean> {
    // S3 DeleteObject succeeds for absent keys; HEAD first so the result says whether something was removed.
    if (!(await this.exists(key))) return false;
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
      return true;
    } catch (err) {
      throw wrap(`DeleteObject ${key}`, err);
    }
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#client.destroy();
  }
}

/**
 * A vault in an S3 bucket under `{prefix}/…`. The bucket must exist (see `ensureBucket`).
 * @example
 * const pub = openS3Vault({ bucket: 'kms', role: 'PUB', prefix: 'PUB-p1', endpoint, credentials });
 */
export function openS3Vault(options: S3VaultOptions): Vault {
  const prefix = options.prefix ?? options.role;
  checkPrefix(options.role, prefix);
  const client = options.client ?? createS3Client(options);
  return new LayoutVault(
    options.role,
    prefix,
    new S3ObjectBackend(client, options.bucket, options.client === undefined || options.closeClient === true),
    options.log,
  );
}

function checkBucketName(bucket: string): void {
  checkArg(
    typeof bucket === 'string' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket),
    `bucket: expected an S3 bucket name (3-63 of [a-z0-9.-]), got ${JSON.stringify(bucket)}`,
  );
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

function isMissing(err: unknown): boolean {
  const name = errorName(err);
  // A missing bucket is a configuration error, not a missing object.
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatus(err) === 404;
}

function wrap(what: string, err: unknown): StorageUnavailableError {
  if (err instanceof StorageUnavailableError) return err;
  const detail = [errorName(err), httpStatus(err)].filter((x) => x !== undefined).join(' ');
  return new StorageUnavailableError(`s3 vault: ${what} failed${detail ? ` (${detail})` : ''}`, {
    cause: err,
  });
}
