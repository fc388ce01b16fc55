import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/index.js';
import { can, findSession, type Action, type SessionView } from '../identity/index.js';
import { FALLBACK_ZONE, formatTime, messageWithTime, pickLocale, timeElement, translator, validTimeZone, type Locale, type MessageKey, type TimeStyle } from '../i18n/index.js';
import type { Clock } from '../lib/clock.js';
import { readCookie, SESSION_COOKIE, TIME_ZONE_COOKIE } from './cookies.js';

declare module 'express-serve-static-core' {
  interface Locals {
    session: SessionView | null;
    locale: Locale;
    t: ReturnType<typeof translator>;
    csrfToken: string | null;
    /** The access policy for the signed-in person, so pages show only the tools they may use. */
    allowed: (action: Action) => boolean;
    /** The zone times are shown in: the browser's once it has said, else UTC. */
    timeZone: string;
    /** HTML: a `<time>` element for a moment in the learner's zone and language, for `<%-`. */
    when: (ms: number, style?: TimeStyle) => string;
    /** The same moment as plain text, for a message that is escaped as a whole. */
    whenText: (ms: number, style?: TimeStyle) => string;
    /** HTML: a translated message whose {when} is that `<time>` element, the rest escaped, for `<%-`. */
    tWhen: (key: MessageKey, params: Record<string, string | number>, ms: number, style?: TimeStyle) => string;
  }
}

/** Whether the platform and deployment a session came from are still enabled (lti answers it). */
export type RegistrationCheck = (platformId: string, deploymentRowId: string) => Promise<boolean>;

/**
 * Loads the signed-in session and the page language for every request. A session whose
 * platform or deployment was disabled counts as ended. This is checked here, on each
 * request, rather than by deleting sessions when a registration is disabled: it holds
 * however the status changed (the CLI, another process, an edit in the database), costs one
 * primary-key query per signed-in request, and identity never reads lti's tables.
 */
export function loadSession(deps: { db: Db; clock: Clock; registrationActive: RegistrationCheck }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const found = token ? await findSession(deps.db, token, deps.clock.now()) : null;
    const session = found && (await deps.registrationActive(found.platformId, found.deploymentId)) ? found : null;
    const locale = pickLocale(session?.locale, req.headers['accept-language']);
    res.locals.session = session;
    res.locals.locale = locale;
    res.locals.t = translator(locale);
    res.locals.csrfToken = session?.csrfToken ?? null;
    res.locals.allowed = (action) => (session ? can(session, action) : false);
    const timeZone = validTimeZone(readCookie(req.headers.cookie, TIME_ZONE_COOKIE)) ?? FALLBACK_ZONE;
    res.locals.timeZone = timeZone;
    res.locals.when = (ms, style) => timeElement(ms, { locale, timeZone, style });
    res.locals.whenText = (ms, style) => formatTime(ms, { locale, timeZone, style });
    res.locals.tWhen = (key, params, ms, style) => messageWithTime((p) => res.locals.t(key, p), params, res.locals.when(ms, style));
    next();
  };
}
