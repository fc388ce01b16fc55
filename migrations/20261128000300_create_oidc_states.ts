import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oidc_states', (t) => {
    t.string('state', 64).primary();
    t.string('nonce', 64).notNullable();
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('deployment_id', 255).nullable(); // as announced at login, if it was
    t.string('target_link_uri', 1024).notNullable();
    // What the platform sent at login, so a launch whose cookie the browser dropped can be
    // started again in a new window (LTI.md 2, row 1).
    t.string('login_hint', 1024).notNullable();
    t.string('lti_message_hint', 2048).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
    t.bigInteger('used_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('oidc_states');
}
