import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { paths } from '../http/paths.js';
import { translator } from '../i18n/index.js';
import type { SigningKey } from '../lti/index.js';
import { hoursAndMinutes, plannedMinutes } from './learning-time.js';
import type { CertificateRow } from './queries.js';

const OB_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

/** The Achievement's public URL: one per course version, and per role track where the certificate has one. */
export function achievementUrl(publicUrl: string, cert: Pick<CertificateRow, 'courseSlug' | 'details'>): string {
  const version = `v${cert.details.courseVersion}`;
  const path = cert.details.track ? paths.trackAchievement({ slug: cert.courseSlug, version, track: cert.details.track }) : paths.achievement({ slug: cert.courseSlug, version });
  return `${publicUrl}${path}`;
}

/**
 * The Open Badges 3.0 Achievement a certificate attests, built only from what the course
 * states (never the holder, score or issuing deployment), so the credential and the public
 * Achievement URL say the same thing.
 */
export function achievementOf(cert: Pick<CertificateRow, 'courseSlug' | 'details'>, publicUrl: string) {
  const d = cert.details;
  return {
    id: achievementUrl(publicUrl, cert),
    type: ['Achievement'],
    achievementType: 'Certification',
    name: d.courseTitle,
    description: d.trackStatement ? `${d.statement} ${d.trackStatement}` : d.statement,
    criteria: { narrative: `Completed the required modules${d.trackTitle ? ` of the ${d.trackTitle} track` : ''} (planned learning time ${hoursAndMinutes(plannedMinutes(d), translator('en'))}) and passed the assessment (pass mark ${d.passMark}%). Law and data as of ${d.legalBaseline}.` },
  };
}

/** The Achievement served on its own, as a JSON-LD document. */
export function achievementDocument(cert: Pick<CertificateRow, 'courseSlug' | 'details'>, publicUrl: string) {
  return { '@context': OB_CONTEXT, ...achievementOf(cert, publicUrl) };
}

/**
 * The certificate as an Open Badges 3.0 OpenBadgeCredential (achievement type
 * Certification), signed as a VC-JWT with the tool key whose kid is in Beacon's JWKS. The
 * recipient is a salted hash, never a name; credentialStatus points at the public
 * verification URL, which reports revocation.
 */
export async function signCredential(cert: CertificateRow, input: { publicUrl: string; verifyUrl: string; recipient: string; signer: SigningKey }): Promise<string> {
  const salt = randomBytes(12).toString('hex');
  const identityHash = `sha256$${createHash('sha256').update(input.recipient + salt).digest('hex')}`;
  const validFrom = new Date(cert.issuedAt).toISOString();
  const validUntil = new Date(cert.expiresAt).toISOString();
  const d = cert.details;
  const credential = {
    '@context': OB_CONTEXT,
    id: `urn:uuid:${cert.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: input.publicUrl, type: ['Profile'], name: d.issuerName },
    validFrom,
    validUntil,
    name: d.courseTitle,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'identifier', hashed: true, identityHash, salt }],
      achievement: achievementOf(cert, input.publicUrl),
    },
    credentialStatus: { id: input.verifyUrl, type: '1EdTechRevocationList' },
  };
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: 'RS256', kid: input.signer.kid, typ: 'vc+jwt' })
    .setIssuer(input.publicUrl)
    .setSubject(identityHash)
    .setJti(credential.id)
    .setNotBefore(Math.floor(cert.issuedAt / 1000))
    .setIssuedAt(Math.floor(cert.issuedAt / 1000))
    .setExpirationTime(Math.floor(cert.expiresAt / 1000))
    .sign(input.signer.key);
}
