import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('platforms', (t) => {
    t.string('id', 36).primary();
    t.string('issuer', 255).notNullable();
    t.string('client_id', 255).notNullable();
    t.string('name', 255).notNullable();
    t.string('auth_url', 1024).notNullable();
    t.string('token_url', 1024).notNullable();
    t.string('jwks_url', 1024).notNullable();
    t.string('auth_server', 1024).nullable();
    t.text('frame_origins').notNullable(); // JSON array of origins allowed to frame Beacon
    t.string('status', 16).notNullable(); // active | disabled
    t.bigInteger('created_at').notNullable();
    t.unique(['issuer', 'client_id']);
  });
  await knex.schema.createTable('deployments', (t) => {
    t.string('id', 36).primary();
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('deployment_id', 255).notNullable();
    t.string('status', 16).notNullable(); // active | disabled
    t.bigInteger('created_at').notNullable();
    t.unique(['platform_id', 'deployment_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deployments');
  await knex.schema.dropTable('platforms');
}
