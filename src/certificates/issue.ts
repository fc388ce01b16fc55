import { newId, type Executor } from '../db/index.js';
import { latestPassedAttempt } from '../assessments/index.js';
import { audit } from '../audit/index.js';
import { findLearnerCourse, findVersion, requiredModules } from '../courses/index.js';
import { deploymentOf, findUser } from '../identity/index.js';
import { newVerificationCode } from './codes.js';
import { currentCertificateId, hasCertificateForAttempt, insertCertificate, settingsFor, supersede, type CertificateDetails } from './queries.js';
import { addMonths } from './status.js';

/**
 * Issues the certificate for a passed attempt, once, when the learner has also completed
 * the modules their track requires. Runs inside the caller's transaction; a renewal links
 * the new certificate to the one it replaces, and the history stays.
 */
export async function issueIfEligible(trx: Executor, input: { userId: string; courseSlug: string; now: number }): Promise<string | null> {
  const run = await findLearnerCourse(trx, input.userId, input.courseSlug);
  if (!run) return null;
  const attempt = await latestPassedAttempt(trx, run.id);
  if (!attempt || (await hasCertificateForAttempt(trx, attempt.id))) return null;
  const version = await findVersion(trx, run.versionId);
  if (!version) return null;
  // The track is the one the passed exam was drawn for, not whatever the run says now.
  const track = attempt.track;
  const required = await requiredModules(trx, run, version, track);
  if (!required.coreDone) return null;

  const deploymentId = await deploymentOf(trx, { launchId: attempt.launchId, userId: input.userId });
  if (!deploymentId) return null;
  const settings = await settingsFor(trx, deploymentId);
  const user = await findUser(trx, input.userId);
  const { certificate, tracks, exam } = version;
  const minutes = required.modules.reduce((sum, m) => sum + m.minutes, 0);
  const details: CertificateDetails = {
    courseTitle: version.title,
    courseVersion: version.number,
    legalBaseline: version.legalBaseline,
    track,
    trackTitle: tracks.find((t) => t.id === track)?.title ?? null,
    modules: required.modules,
    // Decimal hours, kept as a number for what reads the stored details; pages show hours and minutes.
    learningHours: Math.round((minutes / 60) * 100) / 100,
    score: attempt.percent ?? 0,
    passMark: exam.pass_mark,
    showScore: settings.showScore,
    issuerName: settings.issuerName,
    authorisingOfficer: settings.authorisingOfficer,
    statement: certificate.statement,
    trackStatement: track ? (certificate.track_statements[track] ?? null) : null,
    expiringWindowDays: certificate.expiring_window_days,
  };
  const previous = await currentCertificateId(trx, input.userId, input.courseSlug);
  const id = newId();
  // A simultaneous issue for the same attempt may win the unique key: then that certificate stands.
  const inserted = await insertCertificate(trx, {
    id,
    code: newVerificationCode(),
    userId: input.userId,
    learnerCourseId: run.id,
    attemptId: attempt.id,
    deploymentId,
    holderName: settings.namesOnCertificates ? (user?.name ?? null) : null,
    courseSlug: input.courseSlug,
    versionId: run.versionId,
    details,
    issuedAt: input.now,
    createdAt: input.now,
    expiresAt: addMonths(input.now, certificate.validity_months),
    renewsId: previous,
  });
  if (!inserted) return null;
  if (previous) await supersede(trx, previous, id);
  await audit(trx, { at: input.now, actor: 'system', action: previous ? 'certificate_renewed' : 'certificate_issued', subject: id, details: { course: input.courseSlug, version: details.courseVersion, renews: previous } });
  return id;
}
