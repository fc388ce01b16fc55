import { z } from 'zod';
import { inTransaction, type Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { audit } from '../audit/index.js';

export const SupportContacts = z.object({
  staff_support: z.string().trim().max(4000),
  victim_support: z.string().trim().max(4000),
});
export type SupportContacts = z.infer<typeof SupportContacts>;

/** Support contacts under "Help" are the institution's own (brief 4.4): none are hard-coded. */
export function createSupport(deps: { db: Executor; clock: Clock }) {
  return {
    async forDeployment(deploymentId: string): Promise<SupportContacts | null> {
      const row = await deps.db('deployment_support').where({ deployment_id: deploymentId }).first('staff_support', 'victim_support');
      return row ? { staff_support: row.staff_support, victim_support: row.victim_support } : null;
    },
    async save(deploymentId: string, contacts: SupportContacts, actor: string): Promise<void> {
      const row = { ...SupportContacts.parse(contacts), updated_by: actor, updated_at: deps.clock.now() };
      await inTransaction(deps.db, async (trx) => {
        await trx('deployment_support').insert({ deployment_id: deploymentId, ...row }).onConflict('deployment_id').merge(row);
        await audit(trx, { at: row.updated_at, actor, action: 'support_contacts_updated', subject: deploymentId });
      });
    },
  };
}

export type Support = ReturnType<typeof createSupport>;
