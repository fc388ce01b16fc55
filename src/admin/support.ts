import { z } from 'zod';
import { inTransaction, type Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { audit } from '../audit/index.js';
import { findSupportContacts, saveSupportContacts } from './queries.js';

export const SupportContacts = z.object({
  staff_support: z.string().trim().max(4000),
  victim_support: z.string().trim().max(4000),
});
export type SupportContacts = z.infer<typeof SupportContacts>;

/** Support contacts under "Help" are the institution's own (brief 4.4): none are hard-coded. */
export function createSupport(deps: { db: Executor; clock: Clock }) {
  return {
    async forDeployment(deploymentId: string): Promise<SupportContacts | null> {
      return findSupportContacts(deps.db, deploymentId);
    },
    async save(deploymentId: string, contacts: SupportContacts, actor: string): Promise<void> {
      const now = deps.clock.now();
      await inTransaction(deps.db, async (trx) => {
        await saveSupportContacts(trx, deploymentId, SupportContacts.parse(contacts), actor, now);
        await audit(trx, { at: now, actor, action: 'support_contacts_updated', subject: deploymentId });
      });
    },
  };
}

export type Support = ReturnType<typeof createSupport>;
