// Reads a core's YAML config and applies environment overrides before validation.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { KmsError } from '../errors.ts';
import { type CoreConfig, coreConfigSchema } from './schema.ts';

/** Prefix of environment overrides: KMS_CORE__LISTEN__CLIENT=0.0.0.0:50100 sets listen.client. */
export const ENV_PREFIX = 'KMS_CORE__';

/**
 * Applies `KMS_CORE__SECTION__KEY=value` overrides (camelCase keys, case-insensitive; values parsed as YAML
 * scalars so numbers and booleans keep their type) to a parsed config object.
 */
export function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const root = (typeof raw === 'object' && raw !== null ? structuredClone(raw) : {}) as Record<
    string,
    unknown
  >;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      const key = matchKey(node, path[i]);
      if (i === path.length - 1) node[key] = parse(value);
      else {
        if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return root;
}

function matchKey(node: Record<string, unknown>, envKey: string): string {
  const wanted = envKey.toLowerCase().replaceAll('_', '');
  return Object.keys(node).find((k) => k.toLowerCase() === wanted) ?? envKey.toLowerCase();
}

/** Validates a config object; InvalidArgument listing every problem with its path. */
export function validateConfig(raw: unknown): CoreConfig {
  const parsed = coreConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new KmsError('InvalidArgument', `invalid core config: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Loads, overrides and validates the config file at `path`. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): CoreConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KmsError('InvalidArgument', `cannot read config ${path}: ${(e as Error).message}`);
  }
  return validateConfig(applyEnvOverrides(raw, env));
}
