// The operator's view of the API server: server-side apply with one field manager, status merge patches guarded
// by resourceVersion, and typed reads of the custom resources. One instance per process.
import {
  ApiException,
  CoordinationV1Api,
  CustomObjectsApi,
  EventsV1Api,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { FIELD_MANAGER, GROUP, VERSION } from '../api/constants.ts';

export class Kube {
  readonly objects: KubernetesObjectApi;
  readonly custom: CustomObjectsApi;
  readonly coordination: CoordinationV1Api;
  readonly events: EventsV1Api;

  constructor(readonly config: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(config);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.coordination = config.makeApiClient(CoordinationV1Api);
    this.events = config.makeApiClient(EventsV1Api);
  }

  /** Server-side apply of a complete desired object (field manager kms-operator, force). */
  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    return this.objects.patch(
      object,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
  }

  /** Reads an object, undefined when it does not exist. */
  async read<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    try {
      return (await this.objects.read({ apiVersion, kind, metadata: { name, namespace } })) as T;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Reads one of our custom resources, undefined when it does not exist. */
  async readCustom<T>(plural: string, namespace: string, name: string): Promise<T | undefined> {
    try {
      return (await this.custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural,
        name,
      })) as T;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Merge-patches `/status` carrying `resourceVersion`, so a write based on a stale read fails with 409
   * (optimistic lock, as CloudNativePG's PatchWithOptimisticLock).
   */
  async patchStatus<T>(
    plural: string,
    namespace: string,
    name: string,
    resourceVersion: string | undefined,
    status: unknown,
  ): Promise<T> {
    return (await this.custom.patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: VERSION,
        namespace,
        plural,
        name,
        body: { metadata: resourceVersion ? { resourceVersion } : {}, status },
        fieldManager: FIELD_MANAGER,
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as T;
  }
}

export function httpCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return httpCode(error) === 404;
}

export function isConflict(error: unknown): boolean {
  return httpCode(error) === 409;
}

/** A short description of an API error (status message when the server sent one). */
export function describeError(error: unknown): string {
  if (error instanceof ApiException) {
    const body = error.body as { message?: string } | string | undefined;
    const message = typeof body === 'object' && body?.message ? body.message : String(body ?? '');
    return `HTTP ${error.code}: ${message}`.slice(0, 500);
  }
  return (error as Error)?.message ?? String(error);
}
