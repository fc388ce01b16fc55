import type { Knex } from 'knex';

// Before rows counted their sends, a row that had been tried may have reached the LMS: a
// pending one, and a parked one too (parked after a try). Each try counts as a send that may
// have arrived, so "send again" that meets a 409 (the score, or a newer one, is there) counts
// it as delivered instead of parking it again.
export async function up(knex: Knex): Promise<void> {
  await knex('outbox').whereIn('status', ['pending', 'parked']).where('tries', '>', 0).update({ sends: knex.raw('??', ['tries']) });
}

export async function down(): Promise<void> {
  // The column goes with the previous migration's down; nothing to undo here.
}
