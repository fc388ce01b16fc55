import type { NextFunction, Request, Response } from 'express';
import { AppError, ForbiddenError } from '../errors.js';
import { can, type Action, type SessionView } from '../identity/index.js';

/** Pages behind a launch: without a live session, say so plainly (the LMS must relaunch). */
export function requireSession(_req: Request, res: Response, next: NextFunction): void {
  if (!res.locals.session) return next(new AppError('session_required', 401, 'Your session has ended or Beacon was opened outside your course. Open the activity again from your course.'));
  next();
}

/** Routes refuse what the policy refuses, before any work; services check again with the resource at hand. */
export function requirePermission(action: Action) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const session = res.locals.session;
    if (!session || !can(session, action)) return next(new ForbiddenError());
    next();
  };
}

export function session(res: Response): SessionView {
  return res.locals.session as SessionView;
}
