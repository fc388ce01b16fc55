import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Tool private keys are stored sealed with AES-256-GCM under a key derived (HKDF-SHA256)
 * from SESSION_SECRET, as `enc:v1:<iv>:<tag>:<ciphertext>` (base64url) in the same text
 * column, so reading the database or a backup does not hand out the signing key. The kid is
 * the additional data: a sealed key moved to another row does not open.
 */
const PREFIX = 'enc:v1:';

export class KeySecretError extends Error {}

export type KeyEnvelope = {
  seal(kid: string, plain: string): string;
  /** The plain JWK JSON; a row stored in clear by an older Beacon is returned as it is. */
  open(kid: string, stored: string): string;
};

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function keyEnvelope(secret: string): KeyEnvelope {
  const key = Buffer.from(hkdfSync('sha256', secret, 'beacon', 'beacon tool key encryption v1', 32));
  return {
    seal(kid, plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(kid));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
    },
    open(kid, stored) {
      if (!isSealed(stored)) return stored;
      const [iv, tag, body] = stored.slice(PREFIX.length).split(':');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url')).setAAD(Buffer.from(kid));
        decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body ?? '', 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new KeySecretError(
          `SESSION_SECRET does not open tool key ${kid}: the key was stored under another SESSION_SECRET. ` +
            'Start with the secret it was made under (and use `keys reencrypt --from-secret-env VAR` to move to a new one).',
        );
      }
    },
  };
}
