import { z } from 'zod';
import { audit } from '../audit/index.js';
import { inTransaction, newId, type Executor } from '../db/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { paths } from '../http/paths.js';
import type { Clock } from '../lib/clock.js';
import { openCycleOnce } from '../assessments/index.js';
import type { Courses, Viewer } from '../courses/index.js';
import { assertCan, findUser, userIdsInContext, usersByIds } from '../identity/index.js';
import { findPlatformById, type ToolKeys } from '../lti/index.js';
import { groupCode, newVerificationCode, normaliseCode } from './codes.js';
import { achievementDocument, signCredential } from './credential.js';
import { issueIfEligible } from './issue.js';
import { renderCertificatePdf } from './pdf.js';
import type { Translate } from '../i18n/index.js';
import { certificatesIn, certificatesOf, findCertificate, insertCertificate, newestCertificateAttesting, revocableCertificates, revokeCertificate, revokedTogether, saveSettings, settingsFor, supersede, type CertificateRow, type CertificateSettings } from './queries.js';
import { plannedMinutes } from './learning-time.js';
import { certificateState } from './status.js';

export const SettingsForm = z.object({
  issuer_name: z.string().trim().min(2).max(255),
  authorising_officer: z.string().trim().max(255).default(''),
  holder_display: z.enum(['full', 'initials', 'none']),
  names_on_certificates: z.enum(['1', '0']),
  show_score: z.enum(['1', '0']),
});

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function initials(name: string | null): string {
  return (name ?? '').split(/\s+/).filter(Boolean).map((part) => `${part[0]?.toUpperCase()}.`).join(' ');
}

export function createCertificates(deps: { db: Executor; clock: Clock; publicUrl: string; toolKeys: ToolKeys; courses: Courses }) {
  const { db, clock } = deps;
  const verifyUrl = (cert: CertificateRow) => `${deps.publicUrl}${paths.verifyCode({ code: cert.code })}`;
  const withState = (cert: CertificateRow) => ({ ...cert, state: certificateState({ ...cert, expiringWindowDays: cert.details.expiringWindowDays }, clock.now()), groupedCode: groupCode(cert.code), verifyUrl: verifyUrl(cert), plannedMinutes: plannedMinutes(cert.details) });
  const holderLabel = (cert: CertificateRow) => cert.holderName ?? `Certificate holder ${groupCode(cert.code).slice(0, 9)}`;

  type Staff = Viewer;

  async function withLearners(certs: CertificateRow[]) {
    const people = await usersByIds(db, certs.map((c) => c.userId));
    return certs.map((cert) => ({ ...withState(cert), learner: people.get(cert.userId)?.name ?? people.get(cert.userId)?.sub ?? '' }));
  }

  function assertRevocation(viewer: Staff, ids: string[], reason: string): void {
    assertCan(viewer, 'certificate.revoke');
    if (ids.length === 0) throw new ValidationError('Select the certificates to revoke.');
    if (reason.trim().length < 3) throw new ValidationError('Give the reason for the revocation; it is shown when the certificate is checked.');
  }

  /** The holder, or an administrator of the deployment that issued it: no one else. */
  async function own(viewer: Staff, id: string): Promise<CertificateRow> {
    const cert = await findCertificate(db, { id });
    if (!cert) throw new NotFoundError('certificate', id);
    assertCan(viewer, 'certificate.read', { ownerId: cert.userId, deploymentId: cert.deploymentId });
    return cert;
  }

  return {
    issueIfEligible: (trx: Executor, input: { userId: string; courseSlug: string }) => issueIfEligible(trx, { ...input, now: clock.now() }),

    async mine(viewer: Viewer, slug: string) {
      await deps.courses.open(viewer, slug);
      return (await certificatesOf(db, viewer.userId, slug)).map(withState);
    },

    /** The certificates of learners in the trainer's LMS course, newest first, with who is expiring. */
    async forContext(viewer: Staff, slug: string) {
      assertCan(viewer, 'certificates.of_course');
      await deps.courses.open(viewer, slug);
      return withLearners(await certificatesIn(db, { courseSlug: slug, deploymentId: viewer.deploymentId, userIds: userIdsInContext(db, viewer.contextId) }));
    },

    /** The PDF as the certificate stands at download: a revoked, expired or replaced one says so across the page, in the reader's language. */
    async pdf(viewer: Staff, id: string, t: Translate): Promise<{ bytes: Buffer; filename: string }> {
      const cert = await own(viewer, id);
      const state = withState(cert).state;
      return { bytes: await renderCertificatePdf(cert, { verifyUrl: verifyUrl(cert), holderLabel: holderLabel(cert), state, t }), filename: `certificate-${groupCode(cert.code)}.pdf` };
    },

    /** The public Open Badges Achievement a credential names; null when no certificate attests it. */
    async achievement(input: { slug: string; version: string; track: string | null }) {
      const number = /^v([1-9]\d{0,8})$/.exec(input.version)?.[1];
      if (!number) return null;
      const cert = await newestCertificateAttesting(db, { courseSlug: input.slug, courseVersion: Number(number), track: input.track });
      return cert ? achievementDocument(cert, deps.publicUrl) : null;
    },

    async credential(viewer: Staff, id: string): Promise<string> {
      const cert = await own(viewer, id);
      const user = await findUser(db, cert.userId);
      const issuer = user ? (await findPlatformById(db, user.platformId))?.issuer : null;
      if (!user || !issuer) throw new NotFoundError('certificate holder');
      return signCredential(cert, { publicUrl: deps.publicUrl, verifyUrl: verifyUrl(cert), recipient: `${issuer}#${user.sub}`, signer: await deps.toolKeys.signingKey() });
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

    /**
     * What a revocation would do, changing nothing: the selected certificates this deployment
     * issued that are not revoked yet, with their holders, for the administrator to confirm.
     */
    async revocationPreview(viewer: Staff, ids: string[], reason: string) {
      assertRevocation(viewer, ids, reason);
      const certs = await revocableCertificates(db, { ids, deploymentId: viewer.deploymentId });
      if (certs.length === 0) throw new ValidationError('None of the selected certificates can be revoked: they are revoked already or were not issued here.');
      return { reason: reason.trim(), certificates: await withLearners(certs) };
    },

    /** What this administrator's revocation at that moment did, for the page it returns to. */
    async revokedBy(viewer: Staff, at: number) {
      assertCan(viewer, 'certificate.revoke');
      const certs = await revokedTogether(db, { deploymentId: viewer.deploymentId, by: viewer.userId, at });
      return (await withLearners(certs)).map((c) => ({ ...c, revokedOn: day(at) }));
    },

    /** Revokes the selected certificates of this deployment at one moment, which names the action. */
    async revoke(viewer: Staff, ids: string[], reason: string): Promise<{ revoked: number; at: number }> {
      assertRevocation(viewer, ids, reason);
      const now = clock.now();
      return inTransaction(db, async (trx) => {
        let revoked = 0;
        for (const id of ids) {
          // Only certificates this deployment issued: an administrator elsewhere cannot touch them.
          if (await revokeCertificate(trx, { id, deploymentId: viewer.deploymentId, by: viewer.userId, reason: reason.trim(), now })) {
            revoked++;
            await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_revoked', subject: id, details: { reason: reason.trim() } });
          }
        }
        return { revoked, at: now };
      });
    },

    /** A new certificate with the holder's current LMS name, same dates and facts; the old one is superseded. */
    async reissue(viewer: Staff, id: string): Promise<string> {
      assertCan(viewer, 'certificate.reissue');
      const cert = await own(viewer, id);
      assertCan(viewer, 'certificate.reissue', { deploymentId: cert.deploymentId });
      if (cert.revokedAt || cert.supersededBy) throw new ValidationError('Only a current certificate can be reissued.');
      const user = await findUser(db, cert.userId);
      const settings = await settingsFor(db, cert.deploymentId);
      const now = clock.now();
      const newIdValue = newId();
      await inTransaction(db, async (trx) => {
        // Claim the old certificate first: of two simultaneous reissues only one goes on.
        if (!(await supersede(trx, cert.id, newIdValue))) throw new ValidationError('Only a current certificate can be reissued.');
        // The attempt is unique per certificate; a reissue records the same attempt in its details instead.
        await insertCertificate(trx, {
          id: newIdValue,
          code: newVerificationCode(),
          userId: cert.userId,
          learnerCourseId: cert.learnerCourseId,
          attemptId: null,
          deploymentId: cert.deploymentId,
          holderName: settings.namesOnCertificates ? (user?.name ?? null) : null,
          courseSlug: cert.courseSlug,
          versionId: cert.versionId,
          // A reissue of a reissue has no attempt_id of its own: carry the one its details hold.
          details: { ...cert.details, reissueOf: cert.id, attemptId: cert.attemptId ?? cert.details.attemptId ?? undefined },
          issuedAt: cert.issuedAt,
          createdAt: now,
          expiresAt: cert.expiresAt,
          renewsId: cert.id,
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
        const opened = await openCycleOnce(trx, { learnerCourseId: run.id, contextId: viewer.contextId, since: latest.createdAtMs, grantedBy: viewer.userId, reason: `Renewal of certificate ${latest.groupedCode}`, now });
        if (!opened) return;
        await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_renewal_started', subject: latest.id });
      });
    },

    settings: (deploymentId: string): Promise<CertificateSettings> => settingsFor(db, deploymentId),

    async saveSettings(viewer: Viewer, form: z.infer<typeof SettingsForm>): Promise<void> {
      assertCan(viewer, 'certificate.settings');
      const now = clock.now();
      const settings: CertificateSettings = {
        issuerName: form.issuer_name,
        authorisingOfficer: form.authorising_officer,
        holderDisplay: form.holder_display,
        namesOnCertificates: form.names_on_certificates === '1',
        showScore: form.show_score === '1',
      };
      await inTransaction(db, async (trx) => {
        await saveSettings(trx, viewer.deploymentId, settings, viewer.userId, now);
        await audit(trx, { at: now, actor: viewer.userId, action: 'certificate_settings_updated', subject: viewer.deploymentId, details: { ...form } });
      });
    },
  };
}

export type Certificates = ReturnType<typeof createCertificates>;
