import { z } from 'zod';
import { jsonAny, jsonText, newId, nullableText, num, rowParser, text, type Executor } from '../db/index.js';

/** `sends`: how many times a worker started posting this row; above zero, the LMS may already have it. */
export type OutboxRow = { id: string; kind: string; payload: unknown; tries: number; sends: number; createdAt: number };
export type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'park'; error: string };

/**
 * A claim lasts this long unless its worker renews it. The worker renews the claims of rows
 * it is still sending every third of this (see worker.ts), so a slow send keeps its row
 * however long it takes, and the rows of a process that died (kill -9, a lost machine) are
 * taken by another process about a minute later.
 */
export const CLAIM_MS = 60_000;
/** Retries stop (the row is parked for an administrator) once a row is this old. */
export const GIVE_UP_MS = 24 * 3_600_000;

const toId = rowParser('outbox', z.object({ id: text }).transform((row) => row.id));
const toOutboxRow = rowParser(
  'outbox',
  z
    .object({ id: text, kind: text, payload: jsonAny, tries: num, sends: num, created_at: num })
    .transform((row): OutboxRow => ({ id: row.id, kind: row.kind, payload: row.payload, tries: row.tries, sends: row.sends, createdAt: row.created_at })),
);

/** Whose row it is: the platform it goes to and the deployment whose administrators may act on it. */
export type OutboxTenant = { platformId: string | null; deploymentId: string | null };

export async function enqueue(db: Executor, kind: string, payload: unknown, now: number, tenant: OutboxTenant = { platformId: null, deploymentId: null }): Promise<string> {
  const id = newId();
  await db('outbox').insert({ id, kind, platform_id: tenant.platformId, deployment_id: tenant.deploymentId, payload: JSON.stringify(payload), status: 'pending', tries: 0, sends: 0, next_attempt_at: now, claimed_by: null, claimed_until: null, last_error: null, created_at: now, sent_at: null });
  return id;
}

/**
 * Claims up to `limit` due rows for this worker. Each claim is a conditional UPDATE on one
 * row, which only one process can win, on MySQL and SQLite alike (no SKIP LOCKED needed).
 */
export async function claimDue(db: Executor, worker: string, now: number, limit: number, leaseMs = CLAIM_MS): Promise<OutboxRow[]> {
  const candidates = await db('outbox')
    .where({ status: 'pending' })
    .where('next_attempt_at', '<=', now)
    .where((q) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
    .orderBy('next_attempt_at')
    .limit(limit)
    .select('id');
  const claimed: OutboxRow[] = [];
  for (const id of candidates.map(toId)) {
    const won = await db('outbox')
      .where({ id, status: 'pending' })
      .where((q) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .update({ claimed_by: worker, claimed_until: now + leaseMs });
    if (won !== 1) continue;
    claimed.push(toOutboxRow(await db('outbox').where({ id }).first()));
  }
  return claimed;
}

/**
 * Renews this worker's claims on rows it is still sending. A row already settled has no
 * claim left (claimed_until is null) and stays unclaimed, so a renewal that arrives after
 * its settle cannot hold back the row's next try.
 */
export async function renewClaims(db: Executor, worker: string, ids: string[], now: number, leaseMs = CLAIM_MS): Promise<void> {
  if (ids.length === 0) return;
  await db('outbox').whereIn('id', ids).where({ claimed_by: worker, status: 'pending' }).whereNotNull('claimed_until').update({ claimed_until: now + leaseMs });
}

/**
 * Records, before the score goes out, that this row may reach the LMS from now on. False when
 * the worker no longer holds the row (another process took it after the claim ran out): the
 * caller must not send it then.
 */
export async function recordSend(db: Executor, id: string, worker: string, now: number, leaseMs = CLAIM_MS): Promise<boolean> {
  const updated = await db('outbox')
    .where({ id, claimed_by: worker, status: 'pending' })
    .update({ sends: db.raw('?? + 1', ['sends']), claimed_until: now + leaseMs });
  return updated === 1;
}

/** Exponential backoff: 10 s, 20 s, 40 s ... capped at an hour. */
export function backoffMs(tries: number): number {
  return Math.min(10_000 * 2 ** tries, 3_600_000);
}

export async function settle(db: Executor, row: OutboxRow, outcome: Outcome, worker: string, now: number): Promise<void> {
  const mine = db('outbox').where({ id: row.id, claimed_by: worker });
  if (outcome.kind === 'sent') {
    await mine.update({ status: 'sent', sent_at: now, tries: row.tries + 1, claimed_until: null, last_error: null });
  } else if (outcome.kind === 'park' || now - row.createdAt + backoffMs(row.tries) > GIVE_UP_MS) {
    const error = outcome.kind === 'park' ? outcome.error : `gave up after 24 hours: ${outcome.error}`;
    await mine.update({ status: 'parked', tries: row.tries + 1, claimed_until: null, last_error: error.slice(0, 2000) });
  } else {
    await mine.update({ tries: row.tries + 1, next_attempt_at: now + backoffMs(row.tries), claimed_until: null, last_error: outcome.error.slice(0, 2000) });
  }
}

export type ParkedRow = { id: string; kind: string; tries: number; lastError: string | null; createdAt: number; summary: Record<string, unknown> };

const toParkedRow = rowParser(
  'outbox',
  z
    .object({ id: text, kind: text, tries: num, last_error: nullableText, created_at: num, payload: jsonText(z.record(z.string(), z.unknown())) })
    .transform((row): ParkedRow => ({ id: row.id, kind: row.kind, tries: row.tries, lastError: row.last_error, createdAt: row.created_at, summary: { user: row.payload.userSub, score: row.payload.scoreGiven, course: row.payload.resourceId } })),
);

/** Rows that will not be sent without a person: a deployment's administrators see their own. */
export async function listParked(db: Executor, deploymentId: string): Promise<ParkedRow[]> {
  const rows = await db('outbox').where({ status: 'parked', deployment_id: deploymentId }).orderBy('created_at', 'desc').limit(200);
  return rows.map(toParkedRow);
}

/**
 * Sends a parked row again (after the platform's problem was fixed), from now, with a fresh 24
 * hours. The payload, timestamp included, is the one queued, and `sends` is kept, so a score
 * that did reach the LMS before is recognised as delivered when the LMS says it has it.
 */
export async function retryParked(db: Executor, id: string, deploymentId: string, now: number): Promise<boolean> {
  const updated = await db('outbox').where({ id, status: 'parked', deployment_id: deploymentId }).update({ status: 'pending', next_attempt_at: now, created_at: now, tries: 0, claimed_by: null, claimed_until: null });
  return updated === 1;
}
