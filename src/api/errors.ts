// The API's typed error: a stable code, an HTTP status and a message safe to show (never a stack,
// never a secret). Every failure leaves the server as {"error": {"code", "message"}}.
import { MamoriError } from '../schema/errors.js';

export type ApiStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;

export class ApiError extends MamoriError {
  constructor(
    readonly status: ApiStatus,
    code: string,
    message: string,
    /** extra response headers (Retry-After on 429) */
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `there is no ${what} ${JSON.stringify(id)}`);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const unauthenticated = () => new ApiError(401, 'unauthenticated', 'sign in (POST /api/auth/login) or send "Authorization: Bearer <api token>"');

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
