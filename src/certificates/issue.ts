import { newId, type Executor } from '../db/index.js';
import { audit } from '../admin/audit.js';
import { newVerificationCode } from './codes.js';
import { settingsFor, type CertificateDetails } from './queries.js';
import { addMonths } from './status.js';

type Required = { coreDone: boolean; modules: Array<{ title: string; minutes: number }> };

/** Modules of the learner's track marked core, and whether all are completed. */
async function requiredModules(db: Executor, run: { id: string; version_id: string }, track: string | null, language: string): Promise<Required> {
  const modules = await db('course_modules').where({ version_id: run.version_id, locale: language }).orderBy('position').select('module_key', 'title', 'minutes', 'tracks');
  const done = new Set((await db('module_progress').where({ learner_course_id: run.id, status: 'completed' }).select('module_key')).map((r) => r.module_key as string));
  const core = modules.filter((m) => !track || (JSON.parse(m.tracks) as Record<string, string>)[track] === 'core');
  return { coreDone: core.every((m) => done.has(m.module_key)), modules: core.map((m) => ({ title: m.title as string, minutes: Number(m.minutes) })) };
}

/**
 * Issues the certificate for a passed attempt, once, when the learner has also completed
 * the modules their track requires. Runs inside the caller's transaction; a renewal links
 * the new certificate to the one it replaces, and the history stays.
 */
export async function issueIfEligible(trx: Executor, input: { userId: string; courseSlug: string; now: number }): Promise<string | null> {
  const run = await trx('learner_courses').where({ user_id: input.userId, course_slug: input.courseSlug }).first();
  if (!run) return null;
  const attempt = await trx('attempts').where({ learner_course_id: run.id, status: 'submitted', passed: 1 }).orderBy('submitted_at', 'desc').first();
  if (!attempt || (await trx('certificates').where({ attempt_id: attempt.id }).first('id'))) return null;
  const version = await trx('course_versions').where({ id: run.version_id }).first();
  // The track is the one the passed exam was drawn for, not whatever the run says now.
  const track = (attempt.track as string | null) ?? null;
  const required = await requiredModules(trx, run, track, version.language);
  if (!required.coreDone) return null;

  const launch = attempt.launch_id ? await trx('launches as l').join('contexts as c', 'c.id', 'l.context_id').where('l.id', attempt.launch_id).first('c.deployment_id') : null;
  const deploymentId = (launch?.deployment_id as string | undefined) ?? (await trx('launches as l').join('contexts as c', 'c.id', 'l.context_id').where('l.user_id', input.userId).orderBy('l.created_at', 'desc').first('c.deployment_id')).deployment_id;
  const settings = await settingsFor(trx, deploymentId);
  const user = await trx('users').where({ id: input.userId }).first('name');
  const certificate = JSON.parse(version.certificate) as { validity_months: number; expiring_window_days: number; statement: string; track_statements: Record<string, string> };
  const tracks = JSON.parse(version.tracks) as Array<{ id: string; title: string }>;
  const exam = JSON.parse(version.exam) as { pass_mark: number };
  const minutes = required.modules.reduce((sum, m) => sum + m.minutes, 0);
  const details: CertificateDetails = {
    courseTitle: version.title,
    courseVersion: Number(version.number),
    legalBaseline: version.legal_baseline,
    track,
    trackTitle: tracks.find((t) => t.id === track)?.title ?? null,
    modules: required.modules,
    learningHours: Math.round((minutes / 60) * 100) / 100,
    score: Number(attempt.percent),
    passMark: exam.pass_mark,
    showScore: settings.showScore,
    issuerName: settings.issuerName,
    authorisingOfficer: settings.authorisingOfficer,
    statement: certificate.statement,
    trackStatement: track ? (certificate.track_statements[track] ?? null) : null,
    expiringWindowDays: certificate.expiring_window_days,
  };
  const previous = await trx('certificates').where({ user_id: input.userId, course_slug: input.courseSlug }).whereNull('revoked_at').whereNull('superseded_by').orderBy('created_at', 'desc').first('id');
  const id = newId();
  await trx('certificates')
    .insert({
      id,
      code: newVerificationCode(),
      user_id: input.userId,
      learner_course_id: run.id,
      attempt_id: attempt.id,
      deployment_id: deploymentId,
      holder_name: settings.namesOnCertificates ? (user?.name ?? null) : null,
      course_slug: input.courseSlug,
      version_id: run.version_id,
      details: JSON.stringify(details),
      issued_at: input.now,
      created_at: input.now,
      expires_at: addMonths(input.now, certificate.validity_months),
      revoked_at: null,
      revoked_by: null,
      revoked_reason: null,
      renews_id: previous?.id ?? null,
      superseded_by: null,
    })
    // A simultaneous issue for the same attempt may win the unique key: then that certificate stands.
    .onConflict('attempt_id')
    .ignore();
  if (!(await trx('certificates').where({ id }).first('id'))) return null;
  if (previous) await trx('certificates').where({ id: previous.id }).update({ superseded_by: id });
  await audit(trx, { at: input.now, actor: 'system', action: previous ? 'certificate_renewed' : 'certificate_issued', subject: id, details: { course: input.courseSlug, version: details.courseVersion, renews: previous?.id ?? null } });
  return id;
}
