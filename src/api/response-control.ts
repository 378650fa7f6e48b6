// What the API needs of the response stage: the interface src/response exports, and how its typed
// errors become HTTP statuses.
import { ResponseError } from '../response/index.js';
import { ApiError, type ApiStatus } from './errors.js';

export type { ResponseControl } from '../response/index.js';

const STATUS: Partial<Record<string, ApiStatus>> = { not_found: 404, bad_state: 409, limit_reached: 409, never_act: 409, bad_value: 400 };

/** A ResponseError as the ApiError it means; anything else unchanged. */
export function responseErrorToApi(e: unknown): unknown {
  return e instanceof ResponseError ? new ApiError(STATUS[e.code] ?? 400, e.code, e.message) : e;
}
