/**
 * The one error type. `code` is stable (tests and logs rely on it), `status` is the
 * HTTP status, `message` is safe to show to the person who made the request.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(`${what.replace(/\s+/g, '_')}_not_found`, 404, id ? `No ${what} "${id}".` : `No such ${what}.`);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', 400, message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.') {
    super('forbidden', 403, message);
  }
}

/** A refused LTI message: rendered as the launch-error page with a reference id. */
export class LtiError extends AppError {
  constructor(code: string, message: string, status = 400) {
    super(code, status, message);
  }
}
