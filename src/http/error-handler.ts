import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { ZodError } from 'zod';
import { AppError, LtiError } from '../errors.js';
import { translator } from '../i18n/index.js';
import type { Logger } from '../lib/logger.js';
import { pathForLog } from './log-path.js';

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** Body-parser and other library errors carry a status; turn them into AppErrors. */
function normalise(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return new AppError('invalid_input', 400, `The form field "${issue?.path.join('.') || 'input'}" is missing or invalid.`);
  }
  const status = (error as { status?: number; type?: string })?.status;
  const type = (error as { type?: string })?.type;
  if (status === 413 || type === 'entity.too.large') return new AppError('payload_too_large', 413, 'The request is too large.');
  if (status && status >= 400 && status < 500) return new AppError('bad_request', status, 'The request could not be read.');
  return null;
}

/**
 * Database errors carry the SQL with its values, which can include keys or tokens: keep
 * only the driver's code and message.
 */
export function safeForLog(error: unknown): unknown {
  const e = error as { sql?: unknown; code?: unknown; sqlMessage?: unknown; errno?: unknown; message?: string; stack?: string };
  if (e && typeof e === 'object' && ('sql' in e || 'sqlMessage' in e || /^SQLITE_/.test(String(e.code)))) {
    return { type: 'DatabaseError', code: e.code, errno: e.errno, message: e.sqlMessage ?? String(e.code) };
  }
  return error;
}

/** The one place where an error becomes a response: HTML for pages, JSON for APIs, with a reference id. */
export function errorHandler(logger: Logger) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const ref = randomBytes(6).toString('hex');
    const known = normalise(error);
    const appError = known ?? new AppError('internal_error', 500, 'Beacon could not complete the request.');
    if (known) {
      logger.warn({ ref, code: appError.code, status: appError.status, method: req.method, path: pathForLog(req.originalUrl), ...appError.details }, appError.message);
    } else {
      logger.error({ ref, err: safeForLog(error), method: req.method, path: pathForLog(req.originalUrl) }, 'unhandled error');
    }
    if (res.headersSent) return;
    res.status(appError.status);
    if (wantsJson(req)) {
      res.json({ error: { code: appError.code, message: appError.message, ref } });
      return;
    }
    if (!res.locals.t) res.locals.t = translator('en');
    const view = appError instanceof LtiError ? 'errors/lti' : 'errors/error';
    res.render(view, { error: appError, ref, title: appError instanceof LtiError ? 'error.lti.title' : 'error.title' });
  };
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('not_found', 404, 'There is no page at this address.'));
}
