import { z } from 'zod';
import { bool01, jsonText, num, nullableNum, nullableText, rowParser, text, type Executor } from '../db/index.js';

/** What a certificate states, fixed when it is issued. */
const CertificateDetailsSchema = z.object({
  courseTitle: z.string(),
  courseVersion: z.number(),
  legalBaseline: z.string(),
  track: z.string().nullable(),
  trackTitle: z.string().nullable(),
  modules: z.array(z.object({ title: z.string(), minutes: z.number() })),
  learningHours: z.number(),
  score: z.number(),
  passMark: z.number(),
  showScore: z.boolean(),
  issuerName: z.string(),
  authorisingOfficer: z.string(),
  statement: z.string(),
  trackStatement: z.string().nullable(),
  expiringWindowDays: z.number(),
});
export type CertificateDetails = z.infer<typeof CertificateDetailsSchema>;

/**
 * Details as stored: a reissue adds the certificate it replaces and the attempt it rests on
 * (its own attempt_id is null). Reissues made before the attempt was carried over hold null.
 */
const StoredDetailsSchema = CertificateDetailsSchema.extend({ reissueOf: z.string().optional(), attemptId: z.string().nullish() });
export type StoredCertificateDetails = z.infer<typeof StoredDetailsSchema>;

export type CertificateRow = {
  id: string;
  code: string;
  userId: string;
  learnerCourseId: string;
  /** Null on a reissue: the attempt is then in the details. */
  attemptId: string | null;
  deploymentId: string;
  holderName: string | null;
  courseSlug: string;
  versionId: string;
  details: StoredCertificateDetails;
  issuedAt: number;
  createdAtMs: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokedReason: string | null;
  renewsId: string | null;
  supersededBy: string | null;
};

export const toCertificate = rowParser(
  'certificates',
  z
    .object({
      id: text,
      code: text,
      user_id: text,
      learner_course_id: text,
      attempt_id: nullableText,
      deployment_id: text,
      holder_name: nullableText,
      course_slug: text,
      version_id: text,
      details: jsonText(StoredDetailsSchema),
      issued_at: num,
      created_at: num,
      expires_at: num,
      revoked_at: nullableNum,
      revoked_by: nullableText,
      revoked_reason: nullableText,
      renews_id: nullableText,
      superseded_by: nullableText,
    })
    .transform((row): CertificateRow => ({
      id: row.id,
      code: row.code,
      userId: row.user_id,
      learnerCourseId: row.learner_course_id,
      attemptId: row.attempt_id,
      deploymentId: row.deployment_id,
      holderName: row.holder_name,
      courseSlug: row.course_slug,
      versionId: row.version_id,
      details: row.details,
      issuedAt: row.issued_at,
      createdAtMs: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      revokedBy: row.revoked_by,
      revokedReason: row.revoked_reason,
      renewsId: row.renews_id,
      supersededBy: row.superseded_by,
    })),
);

export async function findCertificate(db: Executor, where: { id: string } | { code: string }): Promise<CertificateRow | null> {
  const row = await db('certificates').where(where).first();
  return row ? toCertificate(row) : null;
}

export async function certificatesOf(db: Executor, userId: string, courseSlug: string): Promise<CertificateRow[]> {
  const rows = await db('certificates').where({ user_id: userId, course_slug: courseSlug }).orderBy('created_at', 'desc');
  return rows.map(toCertificate);
}

/** A course's certificates issued by one deployment to the given people (a subquery), newest first. */
export async function certificatesIn(db: Executor, filter: { courseSlug: string; deploymentId: string; userIds: ReturnType<Executor['select']> }): Promise<CertificateRow[]> {
  const rows = await db('certificates').where({ course_slug: filter.courseSlug, deployment_id: filter.deploymentId }).whereIn('user_id', filter.userIds).orderBy('created_at', 'desc');
  return rows.map(toCertificate);
}

/** Certificates of this deployment, by id, that are still to be revoked (not revoked yet). */
export async function revocableCertificates(db: Executor, filter: { ids: string[]; deploymentId: string }): Promise<CertificateRow[]> {
  if (filter.ids.length === 0) return [];
  const rows = await db('certificates').whereIn('id', filter.ids).where({ deployment_id: filter.deploymentId }).whereNull('revoked_at').orderBy('created_at', 'desc');
  return rows.map(toCertificate);
}

/** The certificates one person revoked in one action (one moment) in this deployment: to confirm what it did. */
export async function revokedTogether(db: Executor, action: { deploymentId: string; by: string; at: number }): Promise<CertificateRow[]> {
  const rows = await db('certificates').where({ deployment_id: action.deploymentId, revoked_by: action.by, revoked_at: action.at }).orderBy('created_at', 'desc');
  return rows.map(toCertificate);
}

const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * The newest certificate that attests a course version (and role track): its details, fixed
 * at issue, are what the Achievement says. details is the JSON.stringify of those details,
 * so the version and track appear in it exactly so; the parsed rows are checked again.
 */
export async function newestCertificateAttesting(db: Executor, achievement: { courseSlug: string; courseVersion: number; track: string | null }): Promise<CertificateRow | null> {
  const rows = await db('certificates')
    .where({ course_slug: achievement.courseSlug })
    .whereRaw("details like ? escape '!'", [`%"courseVersion":${achievement.courseVersion},%`])
    .whereRaw("details like ? escape '!'", [`%"track":${likeLiteral(JSON.stringify(achievement.track))},%`])
    .orderBy('created_at', 'desc')
    .limit(20);
  return rows.map(toCertificate).find((c) => c.details.courseVersion === achievement.courseVersion && c.details.track === achievement.track) ?? null;
}

export type CertificateSettings = { issuerName: string; authorisingOfficer: string; holderDisplay: 'full' | 'initials' | 'none'; namesOnCertificates: boolean; showScore: boolean };

export const DEFAULT_SETTINGS: CertificateSettings = {
  issuerName: 'Beacon training',
  authorisingOfficer: '',
  holderDisplay: 'initials',
  namesOnCertificates: true,
  showScore: false,
};

const toSettings = rowParser(
  'certificate_settings',
  z
    .object({ issuer_name: text, authorising_officer: text, holder_display: z.enum(['full', 'initials', 'none']), names_on_certificates: bool01, show_score: bool01 })
    .transform((row): CertificateSettings => ({
      issuerName: row.issuer_name,
      authorisingOfficer: row.authorising_officer,
      holderDisplay: row.holder_display,
      namesOnCertificates: row.names_on_certificates,
      showScore: row.show_score,
    })),
);

export async function settingsFor(db: Executor, deploymentId: string): Promise<CertificateSettings> {
  const row = await db('certificate_settings').where({ deployment_id: deploymentId }).first();
  return row ? toSettings(row) : DEFAULT_SETTINGS;
}

/** A certificate to insert: not revoked and not replaced yet, created now. */
export type NewCertificate = Pick<CertificateRow, 'id' | 'code' | 'userId' | 'learnerCourseId' | 'attemptId' | 'deploymentId' | 'holderName' | 'courseSlug' | 'versionId' | 'details' | 'issuedAt' | 'expiresAt' | 'renewsId'> & { createdAt: number };

/** Inserts a certificate; false when one for the same attempt already stands (a simultaneous issue won). */
export async function insertCertificate(db: Executor, cert: NewCertificate): Promise<boolean> {
  await db('certificates')
    .insert({
      id: cert.id,
      code: cert.code,
      user_id: cert.userId,
      learner_course_id: cert.learnerCourseId,
      attempt_id: cert.attemptId,
      deployment_id: cert.deploymentId,
      holder_name: cert.holderName,
      course_slug: cert.courseSlug,
      version_id: cert.versionId,
      details: JSON.stringify(cert.details),
      issued_at: cert.issuedAt,
      created_at: cert.createdAt,
      expires_at: cert.expiresAt,
      revoked_at: null,
      revoked_by: null,
      revoked_reason: null,
      renews_id: cert.renewsId,
      superseded_by: null,
    })
    .onConflict('attempt_id')
    .ignore();
  return Boolean(await db('certificates').where({ id: cert.id }).first('id'));
}

export async function hasCertificateForAttempt(db: Executor, attemptId: string): Promise<boolean> {
  return Boolean(await db('certificates').where({ attempt_id: attemptId }).first('id'));
}

/** The holder's newest certificate for a course that is neither revoked nor replaced. */
export async function currentCertificateId(db: Executor, userId: string, courseSlug: string): Promise<string | null> {
  const row = await db('certificates').where({ user_id: userId, course_slug: courseSlug }).whereNull('revoked_at').whereNull('superseded_by').orderBy('created_at', 'desc').first('id');
  return row ? text.parse(row.id) : null;
}

/** Marks a current certificate replaced; false when it was revoked or replaced meanwhile. Locks the row. */
export async function supersede(db: Executor, id: string, by: string): Promise<boolean> {
  return (await db('certificates').where({ id }).whereNull('superseded_by').whereNull('revoked_at').update({ superseded_by: by })) === 1;
}

/** Revokes a certificate of this deployment once; false for another deployment's or an already revoked one. */
export async function revokeCertificate(db: Executor, revocation: { id: string; deploymentId: string; by: string; reason: string; now: number }): Promise<boolean> {
  const updated = await db('certificates').where({ id: revocation.id, deployment_id: revocation.deploymentId }).whereNull('revoked_at').update({ revoked_at: revocation.now, revoked_by: revocation.by, revoked_reason: revocation.reason });
  return updated === 1;
}

export async function saveSettings(db: Executor, deploymentId: string, settings: CertificateSettings, by: string, now: number): Promise<void> {
  const row = {
    issuer_name: settings.issuerName,
    authorising_officer: settings.authorisingOfficer,
    holder_display: settings.holderDisplay,
    names_on_certificates: settings.namesOnCertificates ? 1 : 0,
    show_score: settings.showScore ? 1 : 0,
    updated_by: by,
    updated_at: now,
  };
  await db('certificate_settings').insert({ deployment_id: deploymentId, ...row }).onConflict('deployment_id').merge(row);
}
