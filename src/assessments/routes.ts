import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireCsrf } from '../http/csrf.js';
import { pathParam } from '../http/path-params.js';
import { requirePermission, requireSession, session } from '../http/guards.js';
import { paths } from '../http/paths.js';
import { describeAnswer, inAttemptOrder, questionList } from './presenters.js';
import type { Assessments, ExamViewer } from './service.js';
import type { ExamReports } from './reports.js';
import { ITEM_BOUNDS, STAT_SORTS } from './item-statistics.js';

// An exam form of 40 items with matching and ordering fields stays well under this.
const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1000 });
const Slug = z.string().regex(/^[a-z0-9-]{1,64}$/);
const AttemptId = z.string().uuid();
const GrantForm = z.object({
  kind: z.enum(['extra_attempt', 'extra_time', 'new_cycle']),
  amount: z.coerce.number().int().min(1).max(600).default(1),
  reason: z.string().trim().min(3, 'say why').max(500),
  lift_cooldown: z.literal('1').optional(),
  // Without it the grant is only shown for the trainer to confirm; nothing is written.
  confirm: z.literal('yes').optional(),
});

const ReportQuery = z.object({
  sort: z.enum(STAT_SORTS).default('facility'),
  order: z.enum(['asc', 'desc']).default('asc'),
  granted: z.string().uuid().optional(),
});

function viewer(res: Response): ExamViewer {
  const s = session(res);
  return { userId: s.userId, role: s.role, resourceLinkId: s.resourceLinkId, contextId: s.contextId, deploymentId: s.deploymentId, launchId: s.launchId };
}

/** The value of the "submit anyway" button: the learner has seen which questions are blank. */
const CONFIRM_BLANKS = 'unanswered';

const wantsJson = (req: Request) => req.get('x-requested-with') === 'fetch';

export function examRoutes(assessments: Assessments, reports: ExamReports): Router {
  const router = Router();
  router.use(paths.exam.pattern, requireSession, form, requireCsrf);
  router.use(paths.examReport.pattern, requireSession, requirePermission('exam.report'));
  router.use(paths.learnerGrants.pattern, requireSession, requirePermission('exam.grant'), form, requireCsrf);

  router.get(paths.exam.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const view = await assessments.overview(viewer(res), slug);
    res.set('cache-control', 'no-store').render('exam/overview', { title: 'exam.title', view, courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.examStart.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const id = await assessments.start(viewer(res), slug);
    res.redirect(303, paths.examAttempt({ slug, attempt: id }));
  });

  router.get(paths.examAttempt.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const view = await assessments.attemptView(viewer(res), slug, pathParam(AttemptId, req.params.attempt));
    if (view.attempt.status === 'submitted') return res.redirect(303, paths.examResult({ slug, attempt: view.attempt.id }));
    const items = view.attempt.form.map((entry, i) => inAttemptOrder(view.items[i]!, entry));
    const questions = questionList(items, view.answers);
    const blank = req.query.unanswered === '1' ? questions.filter((q) => !q.answered) : [];
    res.set('cache-control', 'no-store').render('exam/attempt', { title: 'exam.title', view, items, questions, blank, confirmBlanks: CONFIRM_BLANKS, saved: req.query.saved === '1', courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.examAnswers.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const id = pathParam(AttemptId, req.params.attempt);
    const result = await assessments.saveAnswers(viewer(res), slug, id, req.body as Record<string, unknown>);
    if (wantsJson(req)) return res.status(200).json(result);
    res.redirect(303, result.closed ? paths.examResult({ slug, attempt: id }) : paths.examAttempt({ slug, attempt: id }, { saved: 1 }));
  });

  router.post(paths.examSubmit.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const id = pathParam(AttemptId, req.params.attempt);
    const body = req.body as Record<string, unknown>;
    const outcome = await assessments.submitUnlessBlank(viewer(res), slug, id, body, body.confirm === CONFIRM_BLANKS);
    // Back to the attempt, at the list of what is blank; its answers are saved by now.
    if (outcome.kind === 'unanswered') return res.redirect(303, `${paths.examAttempt({ slug, attempt: id }, { unanswered: 1 })}#unanswered`);
    res.redirect(303, paths.examResult({ slug, attempt: id }));
  });

  router.get(paths.examResult.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const view = await assessments.result(viewer(res), slug, pathParam(AttemptId, req.params.attempt), res.locals.locale);
    const t = res.locals.t;
    const describe = (item: Parameters<typeof describeAnswer>[0], value: unknown) => describeAnswer(item, value, { true: t('item.true'), false: t('item.false') });
    res.set('cache-control', 'no-store').render('exam/result', { title: 'exam.resultTitle', view, describe, courseSlug: slug, back: req.originalUrl });
  });

  router.get(paths.examReport.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const query = ReportQuery.parse(req.query);
    const view = await reports.report(viewer(res), slug, { by: query.sort, order: query.order }, query.granted);
    res.set('cache-control', 'no-store').render('exam/report', { title: 'report.title', view, bounds: ITEM_BOUNDS, courseSlug: slug, back: req.originalUrl });
  });

  router.post(paths.learnerGrants.pattern, async (req, res) => {
    const slug = pathParam(Slug, req.params.slug);
    const learnerId = pathParam(z.string().uuid(), req.params.learner);
    const body = GrantForm.parse(req.body);
    const grant = { kind: body.kind, amount: body.amount, liftsCooldown: body.lift_cooldown === '1', reason: body.reason };
    if (body.confirm !== 'yes') {
      const preview = await assessments.previewGrant(viewer(res), slug, learnerId, grant);
      return res.set('cache-control', 'no-store').render('exam/grant-confirm', { title: 'grant.confirmTitle', preview, grant, courseSlug: slug, back: paths.examReport({ slug }) });
    }
    const id = await assessments.grant(viewer(res), slug, learnerId, grant);
    res.redirect(303, paths.examReport({ slug }, { granted: id }));
  });

  return router;
}
