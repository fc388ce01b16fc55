import { newId, type Executor } from '../db/index.js';

/** Appends to the audit log. There is no update or delete: the app cannot rewrite history. */
export async function audit(db: Executor, entry: { at: number; actor: string; action: string; subject?: string; details?: Record<string, unknown> }): Promise<void> {
  await db('audit_log').insert({
    id: newId(),
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}
