// From the config's `executors:` list to executors: secrets read from where the config says (never
// printed), the management addresses handed to nftables so its chains accept them first.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../schema/errors.js';
import { executorName, type ResponseConfig, type SecretRef } from '../config.js';
import type { Executor } from '../types.js';
import { CommandExecutor } from './command.js';
import { NftablesExecutor } from './nftables.js';
import { WebhookExecutor } from './webhook.js';

export interface ExecutorEnvironment {
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

function secret(ref: SecretRef, what: string, env: Record<string, string | undefined>, readFile: (p: string) => string): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = env[ref.env];
    if (!v) throw new ConfigError('missing_secret', `${what}: the environment variable ${ref.env} is not set`);
    return v;
  }
  try {
    return readFile(ref.file).trim();
  } catch (e) {
    throw new ConfigError('config_not_found', `${what}: cannot read ${ref.file}: ${(e as Error).message}`);
  }
}

export function executorsFromConfig(cfg: ResponseConfig, environment: ExecutorEnvironment = {}): Executor[] {
  const env = environment.env ?? process.env;
  const readFile = environment.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return cfg.executors.map((e, i) => {
    const name = executorName(e, i, cfg.executors);
    switch (e.type) {
      case 'nftables':
        return new NftablesExecutor({ name, table: e.table, hooks: e.hooks, priority: e.priority, nft: e.nft, timeoutMs: e.timeout_ms, management: cfg.management, ...(e.netns ? { netns: e.netns } : {}) });
      case 'webhook':
        return new WebhookExecutor({
          name,
          url: secret(e.url, `executors.${i}.url`, env, readFile),
          ...(e.secret ? { secret: secret(e.secret, `executors.${i}.secret`, env, readFile) } : {}),
          ...(e.bearer_token ? { bearerToken: secret(e.bearer_token, `executors.${i}.bearer_token`, env, readFile) } : {}),
          ...(e.ca_file ? { ca: secret({ file: e.ca_file }, `executors.${i}.ca_file`, env, readFile) } : {}),
          timeoutMs: e.timeout_ms,
          maxAttempts: e.max_attempts,
          initialBackoffMs: e.initial_backoff_ms,
          maxBackoffMs: e.max_backoff_ms,
        });
      case 'command':
        return new CommandExecutor({ name, argv: e.argv, timeoutMs: e.timeout_ms });
    }
  });
}
