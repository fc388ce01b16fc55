import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Synchronizer token: every state-changing request of a signed-in person must carry the
 * session's token in the `_csrf` field or the `x-csrf-token` header. Cookies alone prove
 * nothing in an iframe where SameSite=None is required.
 */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const expected = res.locals.csrfToken;
  const body = req.body as Record<string, unknown> | undefined;
  const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token');
  if (!expected || !given || !same(expected, given)) {
    return next(new AppError('csrf_failed', 403, 'This form has expired or did not come from Beacon. Reload the page and try again.'));
  }
  next();
}
