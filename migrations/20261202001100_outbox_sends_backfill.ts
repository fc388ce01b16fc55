import type { Knex } from 'knex';

// Before rows counted their sends, a pending row that had been tried was taken as possibly
// delivered. Such a row keeps that meaning: each try counts as a send that may have arrived.
export async function up(knex: Knex): Promise<void> {
  await knex('outbox').where({ status: 'pending' }).where('tries', '>', 0).update({ sends: knex.raw('??', ['tries']) });
}

export async function down(): Promise<void> {
  // The column goes with the previous migration's down; nothing to undo here.
}
