import type { Knex } from 'knex';

// How many times a worker started posting a row's score. Once it is above zero the score may
// be in the LMS gradebook even if no answer came back (a crash, a lost answer), so a later
// "already have this score" (409) from the LMS means delivered. Sending a parked row again
// leaves it alone: that fact does not expire.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.integer('sends').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('sends');
  });
}
