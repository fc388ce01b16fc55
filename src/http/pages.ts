import express, { Router } from 'express';
import { z } from 'zod';
import { setSessionLocale } from '../identity/index.js';
import type { Db } from '../db/index.js';
import { LOCALES } from '../i18n/index.js';
import { requireCsrf } from './csrf.js';
import { requireSession, session } from './guards.js';
import { paths } from './paths.js';

const LocaleForm = z.object({ locale: z.enum(LOCALES as [string, ...string[]]), back: z.string().optional() });

/** Pages that belong to no area: the language switch. */
export function pageRoutes(deps: { db: Db }): Router {
  const router = Router();

  router.post(paths.locale, requireSession, express.urlencoded({ extended: false, limit: '4kb' }), requireCsrf, async (req, res) => {
    const { locale, back } = LocaleForm.parse(req.body);
    await setSessionLocale(deps.db, session(res).sessionId, locale);
    // Only a path on this site: never redirect to a URL taken from the form.
    res.redirect(303, back && /^\/(?!\/)[\w\-./#?=&%]*$/.test(back) ? back : paths.home);
  });

  return router;
}
