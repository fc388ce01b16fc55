import { createHash } from 'node:crypto';
import { z } from 'zod';
import { newToken, nullableText, num, rowParser, text, type Executor } from '../db/index.js';
import { ROLES, type Role } from './roles.js';

export const SESSION_TTL_MS = 8 * 3_600_000;

export type SessionView = {
  sessionId: string;
  launchId: string;
  csrfToken: string;
  locale: string | null;
  userId: string;
  name: string | null;
  email: string | null;
  sub: string;
  role: Role;
  contextId: string;
  deploymentId: string;
  contextTitle: string | null;
  contextLabel: string | null;
  resourceLinkId: string | null;
  resourceLinkTitle: string | null;
  platformId: string;
  expiresAt: number;
};

/** The joined row findSession selects, already under SessionView's names. Built once: it runs on every request. */
const SessionRow: z.ZodType<SessionView> = z.object({
  sessionId: text,
  launchId: text,
  csrfToken: text,
  locale: nullableText,
  userId: text,
  name: nullableText,
  email: nullableText,
  sub: text,
  role: z.enum(ROLES),
  contextId: text,
  deploymentId: text,
  contextTitle: nullableText,
  contextLabel: nullableText,
  resourceLinkId: nullableText,
  resourceLinkTitle: nullableText,
  platformId: text,
  expiresAt: num,
});
const toSession = rowParser('sessions', SessionRow);

/** Only a hash of the cookie value is stored, so reading the table does not hand out sessions. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Executor,
  input: { launchId: string; locale: string | null; now: number },
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = input.now + SESSION_TTL_MS;
  await db('sessions').insert({
    id: hashToken(token),
    launch_id: input.launchId,
    csrf_token: newToken(24),
    locale: input.locale,
    created_at: input.now,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

export async function findSession(db: Executor, token: string, now: number): Promise<SessionView | null> {
  const row = await db('sessions as s')
    .join('launches as l', 'l.id', 's.launch_id')
    .join('users as u', 'u.id', 'l.user_id')
    .join('contexts as c', 'c.id', 'l.context_id')
    .leftJoin('resource_links as r', 'r.id', 'l.resource_link_id')
    .where('s.id', hashToken(token))
    .where('s.expires_at', '>', now)
    .first(
      's.id as sessionId',
      's.launch_id as launchId',
      's.csrf_token as csrfToken',
      's.locale as locale',
      's.expires_at as expiresAt',
      'u.id as userId',
      'u.name as name',
      'u.email as email',
      'u.sub as sub',
      'l.role as role',
      'c.id as contextId',
      'c.deployment_id as deploymentId',
      'c.title as contextTitle',
      'c.label as contextLabel',
      'r.id as resourceLinkId',
      'r.title as resourceLinkTitle',
      'u.platform_id as platformId',
    );
  return row ? toSession(row) : null;
}

export function setSessionLocale(db: Executor, sessionId: string, locale: string): Promise<number> {
  return db('sessions').where({ id: sessionId }).update({ locale });
}

export function deleteExpiredSessions(db: Executor, now: number): Promise<number> {
  return db('sessions').where('expires_at', '<', now).delete();
}
