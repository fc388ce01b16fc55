import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { translator } from '../i18n/index.js';
import type { SigningKey } from '../lti/index.js';
import { hoursAndMinutes, plannedMinutes } from './learning-time.js';
import type { CertificateRow } from './queries.js';

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
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${cert.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: input.publicUrl, type: ['Profile'], name: d.issuerName },
    validFrom,
    validUntil,
    name: d.courseTitle,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'identifier', hashed: true, identityHash, salt }],
      achievement: {
        id: `${input.publicUrl}/achievements/${cert.courseSlug}/v${d.courseVersion}${d.track ? `/${d.track}` : ''}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: d.courseTitle,
        description: d.trackStatement ? `${d.statement} ${d.trackStatement}` : d.statement,
        criteria: { narrative: `Completed the required modules${d.trackTitle ? ` of the ${d.trackTitle} track` : ''} (planned learning time ${hoursAndMinutes(plannedMinutes(d), translator('en'))}) and passed the assessment (pass mark ${d.passMark}%). Law and data as of ${d.legalBaseline}.` },
      },
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
