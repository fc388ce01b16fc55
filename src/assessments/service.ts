import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { inTransaction, newId, type Executor } from '../db/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { audit } from '../audit/index.js';
import { findLearnerCourse, findLearnerCourseById, findVersion, itemBank, listModules, type CourseVersion, type Courses, type ExamSettings, type Viewer } from '../courses/index.js';
import { assertCan, findUser, isLearnerIn } from '../identity/index.js';
import { readResponse, type Item } from '../items/index.js';
import { drawForm, type BankItem, type Random } from './blueprint.js';
import { gradeAttempt } from './grading.js';
import { reviewByModule } from './presenters.js';
import { clearAnswerRows, closeOpenAttempt, expiredOpenAttempts, findAttempt, grantsFor, insertAttempt, insertGrant, listAttempts, lockOpenAttempt, recordGrade, saveAnswerRows, savedAnswers, type AttemptRow, type GrantKind } from './queries.js';
import { countedPercent, examState } from './rules.js';

/** Announced inside the submit transaction, so what it writes (the outbox) commits with the result. */
export type ScoredAttempt = {
  attemptId: string;
  userId: string;
  courseSlug: string;
  courseTitle: string;
  versionId: string;
  launchId: string | null;
  track: string | null;
  percent: number;
  passed: boolean;
  countedPercent: number;
  submittedAt: number;
};
export type ScoredHook = (trx: Knex.Transaction, scored: ScoredAttempt) => Promise<void>;

export type ExamViewer = Viewer & { launchId: string };
export type GrantRequest = { kind: GrantKind; amount: number; liftsCooldown: boolean; reason: string };

export type SubmitOutcome = { kind: 'submitted' } | { kind: 'unanswered'; blank: number };

const cryptoRandom: Random = () => randomInt(0, 2 ** 31) / 2 ** 31;

function toBankItem(item: Item): BankItem {
  const optionIds = item.type === 'true_false' ? [] : item.type === 'matching' ? item.choices.map((c) => c.id) : item.options.map((o) => o.id);
  return { key: item.id, module: item.module ?? '', type: item.type, roles: item.roles, variantOf: item.variant_of ?? null, optionIds };
}

export function createAssessments(deps: { db: Executor; clock: Clock; courses: Courses; onScored: ScoredHook[]; random?: Random }) {
  const { db, clock, courses } = deps;
  const random = deps.random ?? cryptoRandom;

  async function context(viewer: Viewer, slug: string) {
    const { run, version } = await courses.open(viewer, slug);
    const [attempts, grants] = await Promise.all([listAttempts(db, run.id), grantsFor(db, run.id)]);
    return { run, version, attempts, grants, state: examState(version.exam, attempts, grants, clock.now()) };
  }

  async function ownAttempt(viewer: Viewer, slug: string, attemptId: string) {
    const ctx = await context(viewer, slug);
    const attempt = ctx.attempts.find((a) => a.id === attemptId);
    if (!attempt) throw new NotFoundError('attempt', attemptId);
    return { ...ctx, attempt };
  }

  /** The learner a trainer grants to: theirs to grant only if the learner is in the trainer's LMS course. */
  async function grantTarget(viewer: Viewer, slug: string, learnerId: string) {
    assertCan(viewer, 'exam.grant');
    if (!(await isLearnerIn(db, learnerId, viewer.contextId))) throw new ForbiddenError('That person is not a learner in your course.');
    const { version } = await courses.open(viewer, slug);
    const [run, learner] = await Promise.all([findLearnerCourse(db, learnerId, slug), findUser(db, learnerId)]);
    if (!run || !learner) throw new ValidationError('That learner has not started this course yet.');
    return { run, learner, version };
  }

  /** Items of an attempt in the order drawn, with the learner's option order; answers stay on the server. */
  async function formItems(attempt: AttemptRow): Promise<Item[]> {
    const bank = await itemBank(db, attempt.versionId);
    return attempt.form.map((entry) => bank.get(entry.key) as Item);
  }

  /**
   * Saves the answers present in a form, inside the caller's transaction. An item the page
   * showed (its `shown` field) that comes back blank was taken back, so its saved answer
   * goes; an item the form does not mention keeps what was saved, so a partial or empty
   * post never loses an answer.
   */
  async function storeAnswers(trx: Executor, attempt: AttemptRow, items: Item[], form: Record<string, unknown>): Promise<number> {
    const now = clock.now();
    const shown = new Set([form.shown].flat().filter((key): key is string => typeof key === 'string'));
    const answers: Array<{ itemKey: string; response: unknown }> = [];
    const takenBack: string[] = [];
    for (const item of items) {
      const response = readResponse(item, form);
      if (response !== undefined) answers.push({ itemKey: item.id, response });
      else if (shown.has(item.id)) takenBack.push(item.id);
    }
    await saveAnswerRows(trx, attempt.id, answers, now);
    await clearAnswerRows(trx, attempt.id, takenBack);
    return answers.length;
  }

  type Owner = { userId: string; courseSlug: string; courseTitle: string; exam: ExamSettings; versionId: string };
  const ownerOf = (viewer: Viewer, slug: string, version: CourseVersion): Owner => ({ userId: viewer.userId, courseSlug: slug, courseTitle: version.title, exam: version.exam, versionId: version.id });

  async function submit(viewer: Viewer, slug: string, attemptId: string, form?: Record<string, unknown>): Promise<AttemptRow> {
    const { version, attempt } = await ownAttempt(viewer, slug, attemptId);
    if (attempt.status === 'submitted') return attempt;
    return close(attempt, ownerOf(viewer, slug, version), form);
  }

  /**
   * Grades and closes an attempt once; the learner's request, or the sweeper after a deadline,
   * calls it. A caller that has read the attempt's items already passes them.
   */
  async function close(attempt: AttemptRow, owner: Owner, form?: Record<string, unknown>, drawn?: Item[]): Promise<AttemptRow> {
    const items = drawn ?? (await formItems(attempt));
    const now = clock.now();
    await inTransaction(db, async (trx) => {
      // Closing the attempt first locks its row: a save still in flight waits, then finds it closed.
      // Another request submitted it first: its result stands and its hooks ran.
      if (!(await closeOpenAttempt(trx, attempt.id, now))) return;
      // Answers that arrive with the submission count only while time remains.
      if (form && (attempt.deadlineAt === null || attempt.deadlineAt > now)) await storeAnswers(trx, attempt, items, form);
      const grade = gradeAttempt(items, await savedAnswers(trx, attempt.id), owner.exam);
      await recordGrade(trx, attempt.id, { ...grade, items: grade.items.map((g) => ({ itemKey: g.item.id, response: g.response, points: g.points })) }, now);
      const all = await listAttempts(trx, attempt.learnerCourseId);
      const scored: ScoredAttempt = {
        attemptId: attempt.id,
        userId: owner.userId,
        courseSlug: owner.courseSlug,
        courseTitle: owner.courseTitle,
        versionId: owner.versionId,
        launchId: attempt.launchId,
        track: attempt.track,
        percent: grade.percent,
        passed: grade.passed,
        countedPercent: countedPercent(owner.exam, all) ?? grade.percent,
        submittedAt: now,
      };
      for (const hook of deps.onScored) await hook(trx, scored);
    });
    return (await findAttempt(db, attempt.id)) as AttemptRow;
  }

  /** An attempt past its deadline is submitted with what was saved; the learner loses nothing they answered. */
  async function closeIfExpired(viewer: Viewer, slug: string, attempt: AttemptRow): Promise<AttemptRow> {
    if (attempt.status === 'in_progress' && attempt.deadlineAt !== null && attempt.deadlineAt <= clock.now()) return submit(viewer, slug, attempt.id);
    return attempt;
  }

  /**
   * The learner's submit: with a question left blank and no confirmation, the answers are
   * saved and the attempt stays open so the learner can be shown what is missing. An attempt
   * whose time has run out is submitted whatever is blank: there is no going back to it.
   */
  async function submitUnlessBlank(viewer: Viewer, slug: string, attemptId: string, form: Record<string, unknown>, blanksConfirmed: boolean): Promise<SubmitOutcome> {
    const ctx = await ownAttempt(viewer, slug, attemptId);
    const attempt = await closeIfExpired(viewer, slug, ctx.attempt);
    if (attempt.status !== 'in_progress') return { kind: 'submitted' };
    const items = await formItems(attempt);
    // Confirmed, or every question answered in the form itself (the usual case): marked at
    // once, in the one transaction that stores the answers.
    const owner = ownerOf(viewer, slug, ctx.version);
    if (blanksConfirmed || items.every((item) => readResponse(item, form) !== undefined)) {
      await close(attempt, owner, form, items);
      return { kind: 'submitted' };
    }
    const blank = await inTransaction(db, async (trx) => {
      if (!(await lockOpenAttempt(trx, attempt.id))) return null;
      await storeAnswers(trx, attempt, items, form);
      const saved = await savedAnswers(trx, attempt.id);
      return items.filter((item) => !saved.has(item.id)).length;
    });
    // null: another request closed it meanwhile, and its result stands.
    if (blank === null) return { kind: 'submitted' };
    if (blank > 0) return { kind: 'unanswered', blank };
    await close(attempt, owner, undefined, items);
    return { kind: 'submitted' };
  }

  return {
    submit,
    submitUnlessBlank,

    /** Closes attempts whose time ran out while nobody was looking, with the answers saved in time. */
    async closeExpired(limit = 50): Promise<number> {
      const attempts = await expiredOpenAttempts(db, clock.now(), limit);
      for (const attempt of attempts) {
        const [run, version] = await Promise.all([findLearnerCourseById(db, attempt.learnerCourseId), findVersion(db, attempt.versionId)]);
        if (!run || !version) continue;
        await close(attempt, { userId: run.userId, courseSlug: run.courseSlug, courseTitle: version.title, exam: version.exam, versionId: version.id });
      }
      return attempts.length;
    },

    async overview(viewer: Viewer, slug: string) {
      const ctx = await context(viewer, slug);
      return { version: ctx.version, run: ctx.run, attempts: ctx.attempts.filter((a) => a.status === 'submitted'), state: ctx.state, settings: ctx.version.exam };
    },

    async start(viewer: ExamViewer, slug: string): Promise<string> {
      const { run, version, attempts, state } = await context(viewer, slug);
      if (state.kind === 'in_progress') return state.attempt.id;
      if (state.kind === 'passed') throw new AppError('exam_passed', 409, 'You have already passed this exam.');
      if (state.kind === 'cooling_down') throw new AppError('exam_cooldown', 409, `You can take the exam again from ${new Date(state.until).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
      if (state.kind === 'no_attempts_left') throw new AppError('exam_no_attempts', 409, 'You have used every attempt. Your trainer can open a new one after talking it through with you.');
      if (!run.track) throw new ValidationError('Choose your role track on the course page before the exam: the exam is drawn for your track.');

      const modules = await listModules(db, version.id, version.language);
      const form = drawForm({
        bank: [...(await itemBank(db, version.id)).values()].map(toBankItem),
        modules: modules.map((m) => ({ key: m.key, position: m.position, level: courses.levelFor(m, run.track) })),
        settings: version.exam,
        track: run.track,
        seen: new Set(attempts.flatMap((a) => a.form.map((f) => f.key))),
        random,
      });
      const now = clock.now();
      const minutes = version.exam.time_limit_minutes === null ? null : version.exam.time_limit_minutes + state.extraMinutes;
      const id = newId();
      try {
        await insertAttempt(db, {
          id,
          learnerCourseId: run.id,
          versionId: version.id,
          launchId: viewer.launchId,
          cycle: state.cycle,
          number: state.number,
          track: run.track,
          form,
          startedAt: now,
          deadlineAt: minutes === null ? null : now + minutes * 60_000,
        });
      } catch (error) {
        // A second start at the same moment lost the race for this attempt number: use the winner's.
        const winner = (await listAttempts(db, run.id)).find((a) => a.status === 'in_progress');
        if (winner) return winner.id;
        throw error;
      }
      return id;
    },

    async attemptView(viewer: Viewer, slug: string, attemptId: string) {
      const ctx = await ownAttempt(viewer, slug, attemptId);
      const attempt = await closeIfExpired(viewer, slug, ctx.attempt);
      const items = await formItems(attempt);
      return { version: ctx.version, attempt, items, answers: await savedAnswers(db, attempt.id) };
    },

    /** Saves the answers present in the form; an answer given after the deadline is not taken. */
    async saveAnswers(viewer: Viewer, slug: string, attemptId: string, form: Record<string, unknown>): Promise<{ saved: number; closed: boolean }> {
      const ctx = await ownAttempt(viewer, slug, attemptId);
      const attempt = await closeIfExpired(viewer, slug, ctx.attempt);
      if (attempt.status !== 'in_progress') return { saved: 0, closed: true };
      const items = await formItems(attempt);
      return inTransaction(db, async (trx) => {
        // The bump locks the row and fails once a submit has closed the attempt.
        if (!(await lockOpenAttempt(trx, attempt.id))) return { saved: 0, closed: true };
        return { saved: await storeAnswers(trx, attempt, items, form), closed: false };
      });
    },

    async result(viewer: Viewer, slug: string, attemptId: string, locale: string) {
      const ctx = await ownAttempt(viewer, slug, attemptId);
      if (ctx.attempt.status !== 'submitted') throw new AppError('attempt_open', 409, 'This attempt has not been submitted yet.');
      const items = await formItems(ctx.attempt);
      const grade = gradeAttempt(items, await savedAnswers(db, ctx.attempt.id), ctx.version.exam);
      const state = examState(ctx.version.exam, ctx.attempts, ctx.grants, clock.now());
      const feedback = feedbackLevel(ctx.version.exam, ctx.attempt, state.kind);
      // Numbered for the track the exam was drawn for, which is the learner's own.
      const modules = await courses.trackModules(ctx.version, ctx.attempt.track, locale);
      const review = reviewByModule(grade.missedObjectives, modules);
      const shown = { ...grade, items: grade.items.map((g) => ({ ...g, item: courses.withModuleNames(g.item, modules, locale) })) };
      return { version: ctx.version, attempt: ctx.attempt, grade: shown, state, feedback, review };
    },

    /** What a grant would do, for the trainer to confirm: nothing is written. */
    async previewGrant(viewer: Viewer, slug: string, learnerId: string, grant: GrantRequest) {
      const { run, learner, version } = await grantTarget(viewer, slug, learnerId);
      const [attempts, grants] = await Promise.all([listAttempts(db, run.id), grantsFor(db, run.id)]);
      const now = clock.now();
      const planned = { kind: grant.kind, amount: grant.amount, liftsCooldown: grant.liftsCooldown, createdAt: now };
      return {
        learner: { id: learner.id, name: learner.name ?? learner.sub },
        version,
        now: examState(version.exam, attempts, grants, now),
        after: examState(version.exam, attempts, [...grants, planned], now),
      };
    },

    /** Records a grant a trainer confirmed, with its audit entry; returns its id for the message that follows. */
    async grant(viewer: Viewer, slug: string, learnerId: string, grant: GrantRequest): Promise<string> {
      const { run, version } = await grantTarget(viewer, slug, learnerId);
      return inTransaction(db, async (trx) => {
        const id = await insertGrant(trx, { learnerCourseId: run.id, contextId: viewer.contextId, kind: grant.kind, amount: grant.amount, liftsCooldown: grant.liftsCooldown, grantedBy: viewer.userId, reason: grant.reason, now: clock.now() });
        await audit(trx, { at: clock.now(), actor: viewer.userId, action: `exam_${grant.kind}_granted`, subject: learnerId, details: { course: slug, version: version.number, amount: grant.amount, liftsCooldown: grant.liftsCooldown, reason: grant.reason } });
        return id;
      });
    },
  };
}

export type FeedbackLevel = ExamSettings['feedback']['after_fail'];

/** What the learner may see after an attempt, so the bank is not leaked to those who retake it. */
export function feedbackLevel(settings: ExamSettings, attempt: AttemptRow, state: string): FeedbackLevel {
  if (attempt.passed) return settings.feedback.after_pass;
  if (state === 'no_attempts_left') return settings.feedback.after_last_attempt;
  return settings.feedback.after_fail;
}

export type Assessments = ReturnType<typeof createAssessments>;
