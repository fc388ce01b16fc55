import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('launches', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('context_id', 36).notNullable().references('contexts.id');
    t.string('resource_link_id', 36).nullable().references('resource_links.id');
    t.string('message_type', 64).notNullable();
    t.string('role', 16).notNullable();
    t.string('locale', 35).nullable();
    t.string('return_url', 1024).nullable();
    t.text('ags').nullable(); // JSON: { scope[], lineitems?, lineitem? }
    t.text('nrps').nullable(); // JSON: { context_memberships_url, service_versions[] }
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary(); // sha-256 of the cookie value, so a database leak is no session leak
    t.string('launch_id', 36).notNullable().references('launches.id');
    t.string('csrf_token', 64).notNullable();
    t.string('locale', 35).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('launches');
}
