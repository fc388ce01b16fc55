import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { requireCsrf } from '../http/csrf.js';
import { pathParam } from '../http/path-params.js';
import { requirePermission, requireSession, session } from '../http/guards.js';
import { paths } from '../http/paths.js';
import { can } from '../identity/index.js';
import type { Courses, Viewer } from './service.js';

const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 500 });
const Slug = z.string().regex(/^[a-z0-9-]{1,64}$/);
const Key = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Section = z.string().regex(/^[a-z0-9-]{1,96}$/);
const TrackForm = z.object({ track: z.string().min(1).max(64) });
const PositionForm = z.object({ position: z.string().max(96) });
const PlaceForm = z.object({ course: Slug, module: Key.optional() });

function viewer(res: Response): Viewer {
  const s = session(res);
  return { userId: s.userId, role: s.role, resourceLinkId: s.resourceLinkId, contextId: s.contextId, deploymentId: s.deploymentId };
}

function params(req: express.Request) {
  return { slug: pathParam(Slug, req.params.slug), key: req.params.module === undefined ? '' : pathParam(Key, req.params.module) };
}

export function courseRoutes(courses: Courses): Router {
  const router = Router();
  router.use([paths.coursesPrefix, paths.place], requireSession, form, requireCsrf);

  router.get(paths.course.pattern, async (req, res) => {
    const { slug } = params(req);
    const view = await courses.overview(viewer(res), slug);
    res.set('cache-control', 'no-store').render('courses/course', { heading: view.version.title, view, courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.courseTrack.pattern, async (req, res) => {
    const { slug } = params(req);
    await courses.chooseTrack(viewer(res), slug, TrackForm.parse(req.body).track);
    res.redirect(303, paths.course({ slug }));
  });

  router.get([paths.module.pattern, paths.moduleSection.pattern], async (req, res) => {
    const { slug, key } = params(req);
    const section = req.params.section === undefined ? null : pathParam(Section, req.params.section);
    const view = await courses.moduleView(viewer(res), slug, key, res.locals.locale, section);
    res.set('cache-control', 'no-store').render('courses/module', { heading: view.module.title, view, courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.modulePosition.pattern, async (req, res) => {
    const { slug, key } = params(req);
    await courses.savePosition(viewer(res), slug, key, PositionForm.parse(req.body).position);
    res.status(204).end();
  });

  router.post(paths.moduleComplete.pattern, async (req, res) => {
    const { slug, key } = params(req);
    const outcome = await courses.complete(viewer(res), slug, key, res.locals.locale);
    if (!outcome.completed) return res.status(409).render('courses/not-complete', { heading: outcome.module.title, view: outcome, courseSlug: slug });
    res.redirect(303, outcome.next ? paths.module({ slug, module: outcome.next }) : paths.course({ slug }));
  });

  router.post(paths.moduleCheck.pattern, async (req, res) => {
    const { slug, key } = params(req);
    const { result, view } = await courses.submitCheck(viewer(res), slug, key, req.body as Record<string, unknown>, res.locals.locale);
    res.render('courses/check-result', { heading: view.module.title, view, result, courseSlug: slug });
  });

  router.get(paths.glossary.pattern, async (req, res) => {
    const { slug } = params(req);
    res.render('courses/glossary', { title: 'glossary.title', view: await courses.glossary(viewer(res), slug), courseSlug: slug, back: req.originalUrl });
  });

  router.get(paths.sources.pattern, async (req, res) => {
    const { slug } = params(req);
    res.render('courses/sources', { title: 'sources.title', view: await courses.sources(viewer(res), slug), courseSlug: slug, back: req.originalUrl });
  });

  router.get(paths.learners.pattern, requirePermission('course.learners'), async (req, res) => {
    const { slug } = params(req);
    res.set('cache-control', 'no-store').render('courses/learners', { title: 'learners.title', view: await courses.learners(viewer(res), slug), courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.learnerTrack.pattern, requirePermission('course.assign_track'), async (req, res) => {
    const { slug } = params(req);
    await courses.assignTrack(viewer(res), slug, pathParam(z.string().uuid(), req.params.learner), TrackForm.parse(req.body).track);
    res.redirect(303, paths.learners({ slug }));
  });

  // The front door: where a signed-in person lands is the placement's business, which this area owns.
  router.get(paths.home, async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (!res.locals.session) return res.render('home', { title: 'home.title' });
    // Staff land on their tools for the course, not on the learner's page (which stays one link away).
    if (can(session(res), 'course.staff_overview')) {
      const overview = await courses.staffOverview(viewer(res));
      if (overview) return res.render('courses/staff-home', { heading: overview.version.title, view: overview, courseSlug: overview.version.slug });
    }
    const target = await landingFor(courses, res);
    if (target) return res.redirect(303, target);
    res.render('courses/waiting', { title: 'waiting.title' });
  });

  router.get(paths.place, requirePermission('course.place'), async (_req, res) => {
    res.render('courses/place', { title: 'place.title', courses: await courses.listCourses() });
  });

  router.post(paths.place, requirePermission('course.place'), async (req, res) => {
    const placed = PlaceForm.parse(req.body);
    await courses.place(viewer(res), placed.course, placed.module ?? null);
    res.redirect(303, paths.home);
  });

  return router;
}

/** Where a signed-in person lands: the placed course or module, or the choice of one. */
async function landingFor(courses: Courses, res: Response): Promise<string | null> {
  const placement = await courses.placementFor(viewer(res));
  if (placement) return placement.moduleKey ? paths.module({ slug: placement.courseSlug, module: placement.moduleKey }) : paths.course({ slug: placement.courseSlug });
  return can(session(res), 'course.place') ? paths.place : null;
}
