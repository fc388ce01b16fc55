import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Clock } from '../lib/clock.js';

const REFRESH_MS = 30_000;

/**
 * Helmet with `frame-ancestors` limited to the registered platforms' origins: the LMS may
 * frame Beacon, no other site may. X-Frame-Options is off because it cannot list origins.
 */
export function securityHeaders(deps: { frameOrigins: () => Promise<string[]>; clock: Clock; secure: boolean }) {
  let origins: string[] = [];
  let fetchedAt = -Infinity;
  const policy = helmet({
    frameguard: false,
    strictTransportSecurity: deps.secure,
    crossOriginOpenerPolicy: false, // LTI platforms open Beacon in windows they need to talk to
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'frame-ancestors': ["'self'", (_req, res) => (res as Response).locals.frameAncestors as string],
        'upgrade-insecure-requests': deps.secure ? [] : null,
        'form-action': null, // deep-linking responses post to the platform
      },
    },
  });
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (deps.clock.now() - fetchedAt > REFRESH_MS) {
      origins = await deps.frameOrigins();
      fetchedAt = deps.clock.now();
    }
    res.locals.frameAncestors = origins.join(' ') || "'self'";
    policy(req, res, next);
  };
}
