// Typed delivery errors. A channel never throws on a failed delivery: it returns a NotifyError that
// says whether sending the same message again can succeed (`retryable`), so the dispatcher knows to
// back off and retry or to give up at once.
import { MamoriError } from '../schema/errors.js';

export type NotifyErrorCode =
  /** the receiver could not be reached (refused, reset, no route, DNS): try again later */
  | 'unreachable'
  /** no answer in time: try again (with the same idempotency key, so a late success is not doubled) */
  | 'timeout'
  /** the receiver answered "not now" (SMTP 4xx, HTTP 429/5xx) */
  | 'deferred'
  /** the receiver refused this message for good (SMTP 5xx, HTTP 4xx): sending it again gets the same */
  | 'rejected'
  /** credentials refused (SMTP 535, HTTP 401/403): fix the configuration */
  | 'auth_failed'
  /** TLS handshake or certificate check failed */
  | 'tls_failed'
  /** the channel is not usable as configured (missing secret, bad address) */
  | 'bad_config';

export class NotifyError extends MamoriError {
  declare readonly code: NotifyErrorCode;
  constructor(
    code: NotifyErrorCode,
    message: string,
    /** true when the same message may go through on a later attempt */
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(code, message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  /** the receiver asked for this much time before the next attempt (HTTP Retry-After) */
  readonly retryAfterSeconds: number | undefined;
}

/** The code and retryability of a socket-level error (ECONNREFUSED, ETIMEDOUT, TLS alerts …). */
export function socketError(what: string, e: unknown): NotifyError {
  const err = e as NodeJS.ErrnoException;
  const code = String(err?.code ?? '');
  const text = err instanceof Error ? `${err.message}${code && !err.message.includes(code) ? ` (${code})` : ''}` : String(e);
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new NotifyError('timeout', `${what}: no answer in time (${text})`, true, { cause: e });
  }
  if (/^ERR_TLS|^ERR_SSL|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^EPROTO$/.test(code) || /certificate|handshake/i.test(text)) {
    // a certificate that does not verify will not verify on the next attempt either, but an
    // operator may fix the trust store and restart: retrying until max age costs little
    return new NotifyError('tls_failed', `${what}: TLS failed (${text})`, true, { cause: e });
  }
  return new NotifyError('unreachable', `${what}: ${text}`, true, { cause: e });
}
