// NetFlow v5, v9 and IPFIX: UDP payloads to decoded flows, and flows to schema Connections.
export { NetflowDecoder, decodePayload, type DecoderStats } from './decoder.js';
export type { DecodeResult, DecodeOk, DecodeFailed } from './result.js';
export type { DecodedFlow, ExportContext } from './flow.js';
export type { FieldValue, FlowFields } from './field-value.js';
export { PROBLEM_REASONS, type Problem, type ProblemReason } from './problems.js';
export { Session, type SessionOptions } from './session.js';
export { MAX_TEMPLATES } from './template-cache.js';
export { toConnection, FlowUidGenerator, type FlowConnection, type ToConnectionResult } from './to-connection.js';
