// Typed errors of the response stage: a stable code for programs (the API maps them to HTTP
// statuses), an actionable message for people.
import { MamoriError } from '../schema/errors.js';

export type ResponseErrorCode =
  /** no action with that id */
  | 'not_found'
  /** the action is not in a state that allows the change (clear an expired action, confirm an active one) */
  | 'bad_state'
  /** max_active or max_per_hour would be exceeded */
  | 'limit_reached'
  /** the device or endpoint is on the never-act list, or is a management address */
  | 'never_act'
  /** a value that cannot be used (a negative extension) */
  | 'bad_value'
  /** an executor could not remove the action: it stays in force */
  | 'executor_failed';

export class ResponseError extends MamoriError {
  declare readonly code: ResponseErrorCode;
  constructor(code: ResponseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export type ExecutorErrorCode =
  /** a value in the action is not safe to hand on (an id with spaces, an address that is not one) */
  | 'bad_value'
  /** this executor cannot carry out this kind of action */
  | 'unsupported'
  /** the executor ran and failed (nft refused the script, the webhook answered 500, the hook exited 1) */
  | 'failed'
  /** no answer in time */
  | 'timeout';

export class ExecutorError extends MamoriError {
  declare readonly code: ExecutorErrorCode;
  constructor(code: ExecutorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
