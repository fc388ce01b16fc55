import type { Knex } from 'knex';

// Baseline of release 0.1.0: the outbox, and the AGS line item grade passback found or
// created for each resource link (written by jobs/grade-passback.ts).

export async function up(knex: Knex): Promise<void> {
  // Calls to the outside world, written in the same transaction as what caused them and
  // sent by whichever Beacon process claims them first.
  await knex.schema.createTable('outbox', (t) => {
    t.string('id', 36).primary();
    t.string('kind', 32).notNullable();
    t.string('platform_id', 36).nullable().index(); // whose administrators see the row when it is parked
    t.text('payload').notNullable(); // JSON
    t.string('status', 16).notNullable(); // pending | sent | parked
    t.integer('tries').notNullable();
    t.bigInteger('next_attempt_at').notNullable();
    t.string('claimed_by', 64).nullable();
    t.bigInteger('claimed_until').nullable();
    t.text('last_error').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at').nullable();
    t.index(['status', 'next_attempt_at']);
  });
  // The AGS line item Beacon found or created for a resource link.
  await knex.schema.createTable('line_items', (t) => {
    t.string('resource_link_id', 36).primary().references('resource_links.id').onDelete('CASCADE');
    t.string('url', 1024).notNullable();
    t.bigInteger('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('line_items');
  await knex.schema.dropTable('outbox');
}
