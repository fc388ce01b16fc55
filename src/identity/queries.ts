import { z } from 'zod';
import { jsonAny, jsonText, newId, nullableText, rowParser, text, type Executor } from '../db/index.js';
import type { Role } from './roles.js';

const IdRow = z.object({ id: text });

async function upsertReturningId(
  db: Executor,
  table: string,
  key: Record<string, string>,
  fields: Record<string, unknown>,
  now: number,
): Promise<string> {
  const toId = rowParser(table, IdRow);
  // Most launches are repeat visits with nothing changed: one read and no write.
  const existing: Record<string, unknown> | undefined = await db(table).where(key).first('id', ...Object.keys(fields));
  if (existing) {
    const { id } = toId(existing);
    if (Object.entries(fields).some(([name, value]) => existing[name] !== value)) {
      await db(table).where({ id }).update({ ...fields, updated_at: now });
    }
    return id;
  }
  // Insert-or-ignore on the natural key, then read the id: safe when two first launches race,
  // and the same SQL on MySQL (ON DUPLICATE KEY) and SQLite (ON CONFLICT).
  await db(table)
    .insert({ id: newId(), ...key, ...fields, created_at: now, updated_at: now })
    .onConflict(Object.keys(key))
    .merge({ ...fields, updated_at: now });
  return toId(await db(table).where(key).first('id')).id;
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

const UserRow = z.object({ id: text, platform_id: text, sub: text, name: nullableText, email: nullableText });
const toUser = rowParser('users', UserRow.transform((row) => ({ id: row.id, platformId: row.platform_id, sub: row.sub, name: row.name, email: row.email })));
export type User = ReturnType<typeof toUser>;

export async function findUser(db: Executor, id: string): Promise<User | null> {
  const row = await db('users').where({ id }).first('id', 'platform_id', 'sub', 'name', 'email');
  return row ? toUser(row) : null;
}

export async function usersByIds(db: Executor, ids: readonly string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  const rows = await db('users').whereIn('id', [...new Set(ids)]).select('id', 'platform_id', 'sub', 'name', 'email');
  return new Map(rows.map((row) => {
    const user = toUser(row);
    return [user.id, user] as const;
  }));
}

/** The learners enrolled in an LMS course, by name. */
export async function learnersOfContext(db: Executor, contextId: string): Promise<User[]> {
  const rows = await db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where({ 'e.context_id': contextId, 'e.role': 'learner' })
    .orderBy('u.name')
    .select('u.id', 'u.platform_id', 'u.sub', 'u.name', 'u.email');
  return rows.map(toUser);
}

export async function isLearnerIn(db: Executor, userId: string, contextId: string): Promise<boolean> {
  return Boolean(await db('enrolments').where({ user_id: userId, context_id: contextId, role: 'learner' }).first('id'));
}

/** A subquery of the people enrolled (in any role) in an LMS course, for other areas' filters. */
export function userIdsInContext(db: Executor, contextId: string) {
  return db('enrolments').where({ context_id: contextId }).select('user_id');
}

/** A subquery of learners' launches from an LMS course: work done from there is that course's. */
export function learnerLaunchIdsIn(db: Executor, contextId: string) {
  return db('launches').where({ context_id: contextId, role: 'learner' }).select('id');
}

/** The deployment a launch came through, or else the one of the user's latest launch. */
export async function deploymentOf(db: Executor, launch: { launchId: string | null; userId: string }): Promise<string | null> {
  if (launch.launchId) {
    const row = await db('launches as l').join('contexts as c', 'c.id', 'l.context_id').where('l.id', launch.launchId).first('c.deployment_id');
    if (row) return text.parse(row.deployment_id);
  }
  const latest = await db('launches as l').join('contexts as c', 'c.id', 'l.context_id').where('l.user_id', launch.userId).orderBy('l.created_at', 'desc').first('c.deployment_id');
  return latest ? text.parse(latest.deployment_id) : null;
}

const toCustom = jsonText(z.record(z.string(), z.string()));

/** The custom parameters the LMS set on a link (course/module placement among them). */
export async function resourceLinkCustom(db: Executor, resourceLinkId: string): Promise<Record<string, string>> {
  const row = await db('resource_links').where({ id: resourceLinkId }).first('custom');
  return row ? toCustom.parse(row.custom) : {};
}

const toPassbackLaunch = rowParser(
  'launches',
  z
    .object({ ags: jsonAny.nullable(), resource_link_id: nullableText, lti_resource_link_id: nullableText, sub: text, platform_id: text, deployment_id: text })
    .transform((row) => ({ ags: row.ags, resourceLinkId: row.resource_link_id, ltiResourceLinkId: row.lti_resource_link_id, sub: row.sub, platformId: row.platform_id, deploymentId: row.deployment_id })),
);

/** What grade passback needs of a launch: its AGS claim, its link, who launched and through which deployment. */
export async function launchForPassback(db: Executor, launchId: string) {
  const row = await db('launches as l')
    .join('users as u', 'u.id', 'l.user_id')
    .join('contexts as c', 'c.id', 'l.context_id')
    .leftJoin('resource_links as r', 'r.id', 'l.resource_link_id')
    .where('l.id', launchId)
    .first('l.ags', 'l.resource_link_id', 'r.lti_resource_link_id', 'u.sub', 'u.platform_id', 'c.deployment_id');
  return row ? toPassbackLaunch(row) : null;
}
