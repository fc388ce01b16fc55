import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { LtiError } from '../errors.js';
import type { PlatformRow } from './platforms.js';
import type { PlatformKeys } from './platform-keys.js';

export type TokenPolicy = { clockToleranceSeconds: number; maxAgeSeconds: number };

const MAX_ID_TOKEN_BYTES = 64 * 1024;

function readKid(idToken: string): string {
  let header;
  try {
    header = decodeProtectedHeader(idToken);
  } catch {
    throw new LtiError('malformed_id_token', 'The id_token is not a signed JWT.');
  }
  if (idToken.split('.').length !== 3) throw new LtiError('malformed_id_token', 'The id_token is not a signed JWT (JWS compact form).');
  // Pinned per registration: anything but RS256 (none, HS256, ...) is refused before any key is used.
  if (header.alg !== 'RS256') throw new LtiError('bad_alg', `The id_token is signed with '${String(header.alg)}'; Beacon accepts RS256 only.`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new LtiError('missing_kid', "The id_token header has no 'kid'.");
  return header.kid;
}

function toLtiError(error: unknown): LtiError {
  if (error instanceof LtiError) return error;
  if (error instanceof joseErrors.JWTExpired && error.claim === 'iat') {
    return new LtiError('bad_iat', "The launch token's issue time is too old; relaunch from your course.");
  }
  if (error instanceof joseErrors.JWTExpired) return new LtiError('token_expired', 'The launch token has expired; relaunch from your course.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'iss') return new LtiError('bad_iss', 'The launch token was issued by a different platform than the login.');
    if (claim === 'aud') return new LtiError('bad_aud', "The launch token is not addressed to Beacon's client id.");
    if (claim === 'iat') return new LtiError('bad_iat', "The launch token's issue time is missing, too old or in the future.");
    if (claim === 'nbf') return new LtiError('token_not_yet_valid', 'The launch token is not valid yet.');
    if (claim === 'exp') return new LtiError('token_expired', "The launch token has no expiry or has expired.");
    return new LtiError('bad_claim', `The launch token's '${claim}' claim is missing or invalid.`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new LtiError('bad_signature', 'The launch token signature does not verify.');
  return new LtiError('malformed_id_token', 'The id_token could not be read as a signed JWT.');
}

/**
 * Verifies an id_token against the registration the login was made for: RS256 with a key
 * from the registered JWKS only (header jku/x5u/jwk are ignored), issuer, audience and
 * azp (OIDC Core §3.1.3.7), exp/iat/nbf with a bounded tolerance.
 */
export async function verifyIdToken(
  idToken: string,
  platform: PlatformRow,
  keys: PlatformKeys,
  policy: TokenPolicy,
  now: number,
): Promise<JWTPayload> {
  if (idToken.length > MAX_ID_TOKEN_BYTES) throw new LtiError('id_token_too_large', 'The id_token is too large.', 413);
  const kid = readKid(idToken);
  const key = await keys.getKey(platform.jwks_url, kid);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, key, {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: platform.client_id,
      clockTolerance: policy.clockToleranceSeconds,
      maxTokenAge: policy.maxAgeSeconds,
      requiredClaims: ['exp', 'iat', 'nonce'],
      currentDate: new Date(now),
    }));
  } catch (error) {
    throw toLtiError(error);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1 && payload.azp === undefined) {
    throw new LtiError('missing_azp', "The launch token names several audiences but no 'azp'.");
  }
  if (payload.azp !== undefined && payload.azp !== platform.client_id) {
    throw new LtiError('bad_azp', "The launch token's authorised party (azp) is not Beacon's client id.");
  }
  return payload;
}
