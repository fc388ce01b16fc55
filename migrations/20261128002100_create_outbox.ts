import type { Knex } from 'knex';

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
  await knex.schema.createTable('access_tokens', (t) => {
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('scopes', 512).notNullable(); // sorted, space-separated
    t.text('token').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.primary(['platform_id', 'scopes']);
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
  await knex.schema.dropTable('access_tokens');
  await knex.schema.dropTable('outbox');
}
