import { randomBytes, randomUUID } from 'node:crypto';

/** Row ids are made in the app so inserts need no RETURNING on either engine. */
export function newId(): string {
  return randomUUID();
}

/** An unguessable token for URLs, cookies, state and nonces (256 bits). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
