import type { Executor } from '../db/index.js';
import { text } from '../db/index.js';

export type SupportContactsRow = { staff_support: string; victim_support: string };

export async function findSupportContacts(db: Executor, deploymentId: string): Promise<SupportContactsRow | null> {
  const row = await db('deployment_support').where({ deployment_id: deploymentId }).first('staff_support', 'victim_support');
  return row ? { staff_support: text.parse(row.staff_support), victim_support: text.parse(row.victim_support) } : null;
}

export async function saveSupportContacts(db: Executor, deploymentId: string, contacts: SupportContactsRow, by: string, now: number): Promise<void> {
  const row = { ...contacts, updated_by: by, updated_at: now };
  await db('deployment_support').insert({ deployment_id: deploymentId, ...row }).onConflict('deployment_id').merge(row);
}
