import { newId, type Executor } from '../db/index.js';
import type { Role } from './roles.js';

async function upsertReturningId(
  db: Executor,
  table: string,
  key: Record<string, string>,
  fields: Record<string, unknown>,
  now: number,
): Promise<string> {
  // Most launches are repeat visits with nothing changed: one read and no write.
  const existing = (await db(table).where(key).first('id', ...Object.keys(fields))) as Record<string, unknown> | undefined;
  if (existing) {
    if (Object.entries(fields).some(([name, value]) => existing[name] !== value)) {
      await db(table).where({ id: existing.id }).update({ ...fields, updated_at: now });
    }
    return existing.id as string;
  }
  // Insert-or-ignore on the natural key, then read the id: safe when two first launches race,
  // and the same SQL on MySQL (ON DUPLICATE KEY) and SQLite (ON CONFLICT).
  await db(table)
    .insert({ id: newId(), ...key, ...fields, created_at: now, updated_at: now })
    .onConflict(Object.keys(key))
    .merge({ ...fields, updated_at: now });
  const row = await db(table).where(key).first('id');
  return (row as { id: string }).id;
}

export type UserFields = {
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  locale: string | null;
};

export function upsertUser(db: Executor, platformId: string, sub: string, fields: UserFields, now: number): Promise<string> {
  return upsertReturningId(db, 'users', { platform_id: platformId, sub }, fields, now);
}

export function upsertContext(
  db: Executor,
  deploymentRowId: string,
  ltiContextId: string,
  fields: { label: string | null; title: string | null },
  now: number,
): Promise<string> {
  return upsertReturningId(db, 'contexts', { deployment_id: deploymentRowId, lti_context_id: ltiContextId }, fields, now);
}

export function upsertResourceLink(
  db: Executor,
  contextId: string,
  ltiResourceLinkId: string,
  fields: { title: string | null; custom: string },
  now: number,
): Promise<string> {
  return upsertReturningId(db, 'resource_links', { context_id: contextId, lti_resource_link_id: ltiResourceLinkId }, fields, now);
}

export function upsertEnrolment(
  db: Executor,
  userId: string,
  contextId: string,
  fields: { role: Role; lti_roles: string },
  now: number,
): Promise<string> {
  return upsertReturningId(db, 'enrolments', { user_id: userId, context_id: contextId }, fields, now);
}

export async function insertLaunch(db: Executor, row: Record<string, unknown>): Promise<string> {
  const id = newId();
  await db('launches').insert({ id, ...row });
  return id;
}
