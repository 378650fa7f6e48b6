// The response stage: actions (block a connection, block an endpoint, quarantine a device, enforce
// a device's or its peer group's pattern of life) with modes (passive, confirm, active), a lifecycle
// with expiry and an audited history, safety rules, and executors (nftables, webhook, command).
export { listActions } from './book.js';
export { loadResponseConfig, parseResponseConfig, ResponseConfigSchema, type ExecutorConfig, type ResponseConfig, type ResponseRule } from './config.js';
export { durationSeconds, formatDuration, parseDuration } from './duration.js';
export { ResponseEngine, type ResponseEngineOptions } from './engine.js';
export { ExecutorError, ResponseError, type ExecutorErrorCode, type ResponseErrorCode } from './errors.js';
export { CommandExecutor, type CommandExecutorOptions } from './executors/command.js';
export { executorsFromConfig, type ExecutorEnvironment } from './executors/from-config.js';
export { NftablesExecutor, type NftablesOptions } from './executors/nftables.js';
export { WebhookExecutor, type WebhookExecutorOptions } from './executors/webhook.js';
export { defaultAction, globMatch, resolveRules } from './policy.js';
export type { ExecResult, Executor, ListQuery, NormalDestination, NormalProvider, ResponseControl } from './types.js';
