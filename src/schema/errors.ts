// Typed errors: a stable code for programs, an actionable message for people, and the cause.
export class MamoriError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Input that is not what it claims to be (not a capture, unknown log format, …). */
export class InputFormatError extends MamoriError {}

/** A configuration value that cannot be used. */
export class ConfigError extends MamoriError {}
