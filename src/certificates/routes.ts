import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { requireCsrf } from '../http/csrf.js';
import { pathParam } from '../http/path-params.js';
import { requirePermission, requireSession, session } from '../http/guards.js';
import { isSegment, paths, withQuery } from '../http/paths.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Viewer } from '../courses/index.js';
import { can } from '../identity/index.js';
import { hoursAndMinutes } from './learning-time.js';
import { SettingsForm, type Certificates } from './service.js';

const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 1000 });
const Slug = z.string().regex(/^[a-z0-9-]{1,64}$/);
const Id = z.string().uuid();
const RevokeForm = z.object({
  ids: z.union([Id, z.array(Id).max(500)]).default([]).transform((v) => (Array.isArray(v) ? v : [v])),
  reason: z.string().max(500),
  course: Slug,
  // Set only by the confirmation page's button: without it a revocation is shown, not done.
  confirm: z.literal('1').optional(),
});
/** `?revoked=<ms>` after a revocation: its moment, which the page confirms (anything else is ignored). */
const RevokedQuery = z.string().regex(/^\d{1,15}$/).transform(Number);
const TrackSegment = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

function viewer(res: Response): Viewer {
  const s = session(res);
  return { userId: s.userId, role: s.role, resourceLinkId: s.resourceLinkId, contextId: s.contextId, deploymentId: s.deploymentId };
}

export function certificateRoutes(certificates: Certificates, deps: { clock: Clock; logger: Logger; limiter: HitCounter }): Router {
  const router = Router();
  router.use([paths.certificatesPrefix, paths.courseCertificates.pattern, paths.certificateSettings], requireSession, form, requireCsrf);

  router.get(paths.courseCertificates.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const v = viewer(res);
    const mine = await certificates.mine(v, slug);
    const all = can(v, 'certificates.of_course') ? await certificates.forContext(v, slug) : null;
    const revokedAt = RevokedQuery.safeParse(req.query.revoked);
    const revoked = revokedAt.success && can(v, 'certificate.revoke') ? await certificates.revokedBy(v, revokedAt.data) : [];
    res.set('cache-control', 'no-store').render('certificates/index', { title: 'certificates.title', mine, all, revoked, hoursAndMinutes, courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.certificateRenew.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    await certificates.startRenewal(viewer(res), slug);
    res.redirect(303, paths.exam({ slug }));
  });

  router.get(paths.certificatePdf.pattern, async (req, res) => {
    const { bytes, filename } = await certificates.pdf(viewer(res), pathParam(Id, req.params.id), res.locals.t);
    res.set({ 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' }).send(bytes);
  });

  router.get(paths.certificateCredential.pattern, async (req, res) => {
    const jwt = await certificates.credential(viewer(res), pathParam(Id, req.params.id));
    res.set({ 'content-type': 'application/vc+jwt', 'content-disposition': 'attachment; filename="open-badge-credential.jwt"', 'cache-control': 'no-store' }).send(jwt);
  });

  router.post(paths.certificateRevoke, requirePermission('certificate.revoke'), async (req, res) => {
    const body = RevokeForm.parse(req.body);
    if (body.confirm !== '1') {
      const preview = await certificates.revocationPreview(viewer(res), body.ids, body.reason);
      return res.set('cache-control', 'no-store').render('certificates/revoke-confirm', { title: 'certificates.confirmTitle', preview, courseSlug: body.course, back: paths.courseCertificates({ slug: body.course }) });
    }
    const { at } = await certificates.revoke(viewer(res), body.ids, body.reason);
    // The moment, not the ids, names what was done: a bulk revocation still makes a short URL.
    res.redirect(303, paths.courseCertificates({ slug: body.course }, { revoked: at }));
  });

  router.post(paths.certificateReissue.pattern, requirePermission('certificate.reissue'), async (req, res) => {
    const course = Slug.parse((req.body as { course?: unknown }).course);
    await certificates.reissue(viewer(res), pathParam(Id, req.params.id));
    res.redirect(303, paths.courseCertificates({ slug: course }));
  });

  router.get(paths.certificateSettings, requirePermission('certificate.settings'), async (_req, res) => {
    res.render('certificates/settings', { title: 'certSettings.title', settings: await certificates.settings(session(res).deploymentId), saved: _req.query.saved === '1' });
  });

  router.post(paths.certificateSettings, requirePermission('certificate.settings'), async (req, res) => {
    await certificates.saveSettings(viewer(res), SettingsForm.parse(req.body));
    res.redirect(303, withQuery(paths.certificateSettings, { saved: 1 }));
  });

  // Public verification: anyone with a code, no session. Rate limited, kept out of search engines.
  const limited = rateLimit({ limiter: deps.limiter, clock: deps.clock, bucket: 'verify', limit: 30, windowMs: 60_000 });
  const noindex = (_req: express.Request, res: Response, next: express.NextFunction) => {
    res.set('x-robots-tag', 'noindex, nofollow');
    next();
  };
  router.get(paths.verify, noindex, limited, (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim() : '';
    // "." or ".." cannot be sent as a path segment (browsers resolve them away): the form again, as for no code.
    if (isSegment(code)) return res.redirect(303, paths.verifyCode({ code }));
    res.render('certificates/verify-form', { title: 'verify.title', noindex: true });
  });
  router.get(paths.verifyCode.pattern, noindex, limited, async (req, res) => {
    const result = await certificates.verify(String(req.params.code).slice(0, 64));
    // The log says that a check happened and its outcome, never whose certificate it was.
    deps.logger.info({ event: 'certificate_check', found: Boolean(result), status: result?.status ?? null }, 'certificate checked');
    res.status(result ? 200 : 404).set('cache-control', 'no-store');
    if (req.accepts(['html', 'json']) === 'json') return res.json(result ? { valid: result.status === 'valid' || result.status === 'expiring', ...result } : { error: 'not_found', message: 'No certificate matches this code.' });
    res.render('certificates/verify', { title: 'verify.title', noindex: true, result });
  });

  // The Open Badges Achievement a credential names: public like any badge definition, and
  // made only of what the course states, so it holds no one's personal data.
  const achievement = async (req: express.Request, res: Response, track: string | null) => {
    const found = await certificates.achievement({ slug: pathParam(Slug, req.params.slug), version: String(req.params.version), track });
    if (!found) return res.status(404).json({ error: 'not_found', message: 'No achievement is published at this address.' });
    res.type('application/ld+json').set('cache-control', 'public, max-age=3600').send(JSON.stringify(found));
  };
  // Badge wallets fetch these more often than people check codes: a bucket of their own.
  const achievementLimit = rateLimit({ limiter: deps.limiter, clock: deps.clock, bucket: 'achievement', limit: 120, windowMs: 60_000 });
  router.get(paths.achievement.pattern, achievementLimit, (req, res) => achievement(req, res, null));
  router.get(paths.trackAchievement.pattern, achievementLimit, (req, res) => achievement(req, res, pathParam(TrackSegment, req.params.track)));

  return router;
}
