import type { Knex } from 'knex';

// Scores queued before outbox rows named their deployment get it from the resource link
// their launch came through, so their administrators still see them when parked.
export async function up(knex: Knex): Promise<void> {
  const rows: Array<{ id: string; payload: string }> = await knex('outbox').whereNull('deployment_id').select('id', 'payload');
  for (const row of rows) {
    let resourceLinkId: unknown;
    try {
      resourceLinkId = (JSON.parse(row.payload) as { resourceLinkId?: unknown }).resourceLinkId;
    } catch {
      continue;
    }
    if (typeof resourceLinkId !== 'string') continue;
    const found = await knex('resource_links as r').join('contexts as c', 'c.id', 'r.context_id').where('r.id', resourceLinkId).first('c.deployment_id');
    if (found) await knex('outbox').where({ id: row.id }).update({ deployment_id: found.deployment_id });
  }
}

export async function down(): Promise<void> {
  // The column goes with the previous migration's down; nothing to undo here.
}
