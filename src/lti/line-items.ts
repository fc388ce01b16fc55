import type { Executor } from '../db/index.js';

/**
 * The gradebook column (AGS line item URL) Beacon found or created for a resource link.
 * While one process looks it up, the row holds a `pending:` marker so that two scores
 * sent at once cannot create two columns.
 */
export const PENDING_LINE_ITEM = 'pending:';

export async function storedLineItem(db: Executor, resourceLinkId: string): Promise<string | null> {
  const row = await db('line_items').where({ resource_link_id: resourceLinkId }).first('url');
  return typeof row?.url === 'string' ? row.url : null;
}

/** Claims the lookup for this marker; false when another sender holds it or already found the column. */
export async function claimLineItemLookup(db: Executor, resourceLinkId: string, marker: string, now: number): Promise<boolean> {
  await db('line_items').insert({ resource_link_id: resourceLinkId, url: marker, created_at: now }).onConflict('resource_link_id').ignore();
  return (await storedLineItem(db, resourceLinkId)) === marker;
}

/** Replaces this sender's marker with what the lookup found, or removes it so the next try looks again. */
export async function settleLineItemLookup(db: Executor, resourceLinkId: string, marker: string, url: string | null): Promise<void> {
  const mine = db('line_items').where({ resource_link_id: resourceLinkId, url: marker });
  await (url ? mine.update({ url }) : mine.delete());
}
