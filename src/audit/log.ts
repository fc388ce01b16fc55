import { newId, type Executor } from '../db/index.js';

export type AuditEntry = { at: number; actor: string; action: string; subject?: string; details?: Record<string, unknown> };

/**
 * Appends to the audit log. There is no update or delete: the app cannot rewrite history.
 * A leaf area, so that every area can record what it did and admin/ can read it all.
 */
export async function audit(db: Executor, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    id: newId(),
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}
