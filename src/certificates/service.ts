import { z } from 'zod';
import { audit } from '../admin/audit.js';
import { inTransaction, newId, type Executor } from '../db/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { paths } from '../http/paths.js';
import type { Clock } from '../lib/clock.js';
import type { ToolKeys } from '../lti/index.js';
import type { Courses, Viewer } from '../courses/index.js';
import { groupCode, newVerificationCode, normaliseCode } from './codes.js';
import { signCredential } from './credential.js';
import { issueIfEligible } from './issue.js';
import { renderCertificatePdf } from './pdf.js';
import { certificatesOf, findCertificate, settingsFor, toCertificate, type CertificateRow, type CertificateSettings } from './queries.js';
import { certificateState } from './status.js';

export const SettingsForm = z.object({
  issuer_name: z.string().trim().min(2).max(255),
  authorising_officer: z.string().trim().max(255).default(''),
  holder_display: z.enum(['full', 'initials', 'none']),
  names_on_certificates: z.enum(['1', '0']),
  show_score: z.enum(['1', '0']),
});

function initials(name: string | null): string {
  return (name ?? '').split(/\s+/).filter(Boolean).map((part) => `${part[0]?.toUpperCase()}.`).join(' ');
}

export function createCertificates(deps: { db: Executor; clock: Clock; publicUrl: string; toolKeys: ToolKeys; courses: Courses }) {
  const { db, clock } = deps;
  const verifyUrl = (cert: CertificateRow) => `${deps.publicUrl}${paths.verifyCode({ code: cert.code })}`;
  const withState = (cert: CertificateRow) => ({ ...cert, state: certificateState({ ...cert, expiringWindowDays: cert.details.expiringWindowDays }, clock.now()), groupedCode: groupCode(cert.code), verifyUrl: verifyUrl(cert) });
  const holderLabel = (cert: CertificateRow) => cert.holderName ?? `Certificate holder ${groupCode(cert.code).slice(0, 9)}`;

  type Staff = Viewer & { deploymentId: string };

  /** The holder, or an administrator of the deployment that issued it: no one else. */
  async function own(viewer: Staff, id: string): Promise<CertificateRow> {
    const cert = await findCertificate(db, { id });
    if (!cert) throw new NotFoundError('certificate', id);
    const issuerAdmin = viewer.role === 'administrator' && cert.deploymentId === viewer.deploymentId;
    if (cert.userId !== viewer.userId && !issuerAdmin) throw new ForbiddenError('This certificate is not yours.');
    return cert;
  }

  function assertAdmin(viewer: Viewer): void {
    if (viewer.role !== 'administrator') throw new ForbiddenError('Only administrators revoke or reissue certificates.');
  }

  return {
    issueIfEligible: (trx: Executor, input: { userId: string; courseSlug: string }) => issueIfEligible(trx, { ...input, now: clock.now() }),

    async mine(viewer: Viewer, slug: string) {
      await deps.courses.open(viewer, slug);
      return (await certificatesOf(db, viewer.userId, slug)).map(withState);
    },

    /** The certificates of learners in the trainer's LMS course, newest first, with who is expiring. */
    async forContext(viewer: Staff, slug: string) {
      if (viewer.role === 'learner') throw new ForbiddenError('Only trainers see the certificates of a course.');
      await deps.courses.open(viewer, slug);
      const rows = await db('certificates as c')
        .join('enrolments as e', 'e.user_id', 'c.user_id')
        .join('users as u', 'u.id', 'c.user_id')
        .where({ 'e.context_id': viewer.contextId, 'c.course_slug': slug, 'c.deployment_id': viewer.deploymentId })
        .orderBy('c.created_at', 'desc')
        .select('c.*', 'u.name as user_name', 'u.sub as user_sub');
      return rows.map((row) => ({ ...withState(toCertificate(row)), learner: (row.user_name as string | null) ?? (row.user_sub as string) }));
    },

    async pdf(viewer: Staff, id: string): Promise<{ bytes: Buffer; filename: string }> {
      const cert = await own(viewer, id);
      return { bytes: await renderCertificatePdf(cert, verifyUrl(cert), holderLabel(cert)), filename: `certificate-${groupCode(cert.code)}.pdf` };
    },

    async credential(viewer: Staff, id: string): Promise<string> {
      const cert = await own(viewer, id);
      const user = await db('users as u').join('platforms as p', 'p.id', 'u.platform_id').where('u.id', cert.userId).first('u.sub', 'p.issuer');
      return signCredential(cert, { publicUrl: deps.publicUrl, verifyUrl: verifyUrl(cert), recipient: `${user.issuer}#${user.sub}`, signer: await deps.toolKeys.signingKey() });
    },

    /** Public verification: status, course, dates, issuer, and only as much of the holder as the deployment allows. */
    async verify(input: string) {
      const code = normaliseCode(input);
      const cert = code ? await findCertificate(db, { code }) : null;
      if (!cert) return null;
      const settings = await settingsFor(db, cert.deploymentId);
      const holder = settings.holderDisplay === 'full' ? cert.holderName : settings.holderDisplay === 'initials' ? initials(cert.holderName) || null : null;
      const s = withState(cert);
      return {
        code: s.groupedCode,
        status: s.state,
        holder,
        course: cert.details.courseTitle,
        courseVersion: cert.details.courseVersion,
        legalBaseline: cert.details.legalBaseline,
        track: cert.details.trackTitle,
        issuer: cert.details.issuerName,
        issuedOn: new Date(cert.issuedAt).toISOString().slice(0, 10),
        validUntil: new Date(cert.expiresAt).toISOString().slice(0, 10),
        revokedOn: cert.revokedAt ? new Date(cert.revokedAt).toISOString().slice(0, 10) : null,
        revocationReason: cert.revokedReason,
        replacedBy: cert.supersededBy ? groupCode((await findCertificate(db, { id: cert.supersededBy }))?.code ?? '') : null,
      };
    },

    async revoke(viewer: Staff, ids: string[], reason: string): Promise<number> {
      assertAdmin(viewer);
      if (reason.trim().length < 3) throw new ValidationError('Give the reason for the revocation; it is shown when the certificate is checked.');
      const now = clock.now();
      return inTransaction(db, async (trx) => {
        let revoked = 0;
        for (const id of ids) {
          // Only certificates this deployment issued: an administrator elsewhere cannot touch them.
          const updated = await trx('certificates').where({ id, deployment_id: viewer.deploymentId }).whereNull('revoked_at').update({ revoked_at: now, revoked_by: viewer.userId, revoked_reason: reason.trim() });
          if (updated === 1) {
            revoked++;
            await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_revoked', subject: id, details: { reason: reason.trim() } });
          }
        }
        return revoked;
      });
    },

    /** A new certificate with the holder's current LMS name, same dates and facts; the old one is superseded. */
    async reissue(viewer: Staff, id: string): Promise<string> {
      assertAdmin(viewer);
      const cert = await own(viewer, id);
      if (cert.revokedAt || cert.supersededBy) throw new ValidationError('Only a current certificate can be reissued.');
      const user = await db('users').where({ id: cert.userId }).first('name');
      const settings = await settingsFor(db, cert.deploymentId);
      const now = clock.now();
      const newIdValue = newId();
      await inTransaction(db, async (trx) => {
        // Claim the old certificate first: of two simultaneous reissues only one goes on.
        const claimed = await trx('certificates').where({ id: cert.id }).whereNull('superseded_by').whereNull('revoked_at').update({ superseded_by: newIdValue });
        if (claimed !== 1) throw new ValidationError('Only a current certificate can be reissued.');
        // The attempt is unique per certificate; a reissue records the same attempt in its details instead.
        await trx('certificates').insert({
          id: newIdValue,
          code: newVerificationCode(),
          user_id: cert.userId,
          learner_course_id: cert.learnerCourseId,
          attempt_id: null,
          deployment_id: cert.deploymentId,
          holder_name: settings.namesOnCertificates ? (user?.name ?? null) : null,
          course_slug: cert.courseSlug,
          version_id: cert.versionId,
          details: JSON.stringify({ ...cert.details, reissueOf: cert.id, attemptId: cert.attemptId }),
          issued_at: cert.issuedAt,
          created_at: now,
          expires_at: cert.expiresAt,
          renews_id: cert.id,
          superseded_by: null,
        });
        await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_reissued', subject: newIdValue, details: { replaces: cert.id } });
      });
      return newIdValue;
    },

    /** A learner whose certificate is expiring or expired opens a new round of the exam. */
    async startRenewal(viewer: Viewer, slug: string): Promise<void> {
      const { run } = await deps.courses.open(viewer, slug);
      const latest = (await certificatesOf(db, viewer.userId, slug)).map(withState).find((c) => c.state !== 'revoked' && c.state !== 'superseded');
      if (!latest || (latest.state !== 'expiring' && latest.state !== 'expired')) throw new ValidationError('Renewal opens when your certificate is about to expire or has expired.');
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        // One renewal round per certificate: asking again does not reset attempts or the cool-down.
        const opened = await trx('attempt_grants').where({ learner_course_id: run.id, kind: 'new_cycle' }).where('created_at', '>=', latest.createdAtMs).first('id');
        if (opened) return;
        await trx('attempt_grants').insert({ id: newId(), learner_course_id: run.id, kind: 'new_cycle', amount: 1, granted_by: viewer.userId, reason: `Renewal of certificate ${latest.groupedCode}`, created_at: now });
        await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_renewal_started', subject: latest.id });
      });
    },

    settings: (deploymentId: string): Promise<CertificateSettings> => settingsFor(db, deploymentId),

    async saveSettings(viewer: Viewer & { deploymentId: string }, form: z.infer<typeof SettingsForm>): Promise<void> {
      assertAdmin(viewer);
      const row = {
        issuer_name: form.issuer_name,
        authorising_officer: form.authorising_officer,
        holder_display: form.holder_display,
        names_on_certificates: Number(form.names_on_certificates),
        show_score: Number(form.show_score),
        updated_by: viewer.userId,
        updated_at: clock.now(),
      };
      await inTransaction(db, async (trx) => {
        await trx('certificate_settings').insert({ deployment_id: viewer.deploymentId, ...row }).onConflict('deployment_id').merge(row);
        await audit(trx, { at: row.updated_at, actor: viewer.userId, action: 'certificate_settings_updated', subject: viewer.deploymentId, details: { ...form } });
      });
    },
  };
}

export type Certificates = ReturnType<typeof createCertificates>;
