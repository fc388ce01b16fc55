import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

/** Counts a hit for an address in a bucket (the limits area's limiter, connected in app.ts). */
export type HitCounter = { hit(bucket: string, address: string, windowMs: number): Promise<{ count: number; resetAt: number }> };

/**
 * A fixed-window limit per client address, counted in the database so that all processes
 * share it: one statement per request.
 */
export function rateLimit(deps: { limiter: HitCounter; clock: Clock; bucket: string; limit: number; windowMs: number }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const { count, resetAt } = await deps.limiter.hit(deps.bucket, req.ip ?? 'unknown', deps.windowMs);
      if (count > deps.limit) {
        res.set('retry-after', String(Math.max(1, Math.ceil((resetAt - deps.clock.now()) / 1000))));
        return next(new AppError('rate_limited', 429, 'Too many checks from your address. Please wait a minute and try again.'));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
