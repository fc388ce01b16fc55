import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

/**
 * A fixed-window limit per client address. Kept per process: behind several processes the
 * effective limit is the sum, which still stops enumeration of verification codes.
 */
export function rateLimit(deps: { clock: Clock; limit: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return (req: Request, res: Response, next: NextFunction): void => {
    const now = deps.clock.now();
    const key = req.ip ?? 'unknown';
    const current = windows.get(key);
    if (!current || now - current.start >= deps.windowMs) {
      if (windows.size > 10_000) windows.clear();
      windows.set(key, { start: now, count: 1 });
      return next();
    }
    current.count += 1;
    if (current.count > deps.limit) {
      res.set('retry-after', String(Math.ceil((current.start + deps.windowMs - now) / 1000)));
      return next(new AppError('rate_limited', 429, 'Too many checks from your address. Please wait a minute and try again.'));
    }
    next();
  };
}
