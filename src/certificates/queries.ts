import type { Executor } from '../db/index.js';

export type CertificateDetails = {
  courseTitle: string;
  courseVersion: number;
  legalBaseline: string;
  track: string | null;
  trackTitle: string | null;
  modules: Array<{ title: string; minutes: number }>;
  learningHours: number;
  score: number;
  passMark: number;
  showScore: boolean;
  issuerName: string;
  authorisingOfficer: string;
  statement: string;
  trackStatement: string | null;
  expiringWindowDays: number;
};

export type CertificateRow = {
  id: string;
  code: string;
  userId: string;
  learnerCourseId: string;
  attemptId: string;
  deploymentId: string;
  holderName: string | null;
  courseSlug: string;
  versionId: string;
  details: CertificateDetails;
  issuedAt: number;
  createdAtMs: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokedReason: string | null;
  renewsId: string | null;
  supersededBy: string | null;
};

export function toCertificate(row: Record<string, unknown>): CertificateRow {
  return {
    id: row.id as string,
    code: row.code as string,
    userId: row.user_id as string,
    learnerCourseId: row.learner_course_id as string,
    attemptId: row.attempt_id as string,
    deploymentId: row.deployment_id as string,
    holderName: (row.holder_name as string | null) ?? null,
    courseSlug: row.course_slug as string,
    versionId: row.version_id as string,
    details: JSON.parse(row.details as string) as CertificateDetails,
    issuedAt: Number(row.issued_at),
    createdAtMs: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    revokedBy: (row.revoked_by as string | null) ?? null,
    revokedReason: (row.revoked_reason as string | null) ?? null,
    renewsId: (row.renews_id as string | null) ?? null,
    supersededBy: (row.superseded_by as string | null) ?? null,
  };
}

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

export type CertificateSettings = { issuerName: string; authorisingOfficer: string; holderDisplay: 'full' | 'initials' | 'none'; namesOnCertificates: boolean; showScore: boolean };

export const DEFAULT_SETTINGS: CertificateSettings = {
  issuerName: 'Beacon training',
  authorisingOfficer: '',
  holderDisplay: 'initials',
  namesOnCertificates: true,
  showScore: false,
};

export async function settingsFor(db: Executor, deploymentId: string): Promise<CertificateSettings> {
  const row = await db('certificate_settings').where({ deployment_id: deploymentId }).first();
  if (!row) return DEFAULT_SETTINGS;
  return {
    issuerName: row.issuer_name,
    authorisingOfficer: row.authorising_officer,
    holderDisplay: row.holder_display,
    namesOnCertificates: Number(row.names_on_certificates) === 1,
    showScore: Number(row.show_score) === 1,
  };
}
