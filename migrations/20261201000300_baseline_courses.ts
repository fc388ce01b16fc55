import type { Knex } from 'knex';

// Baseline of release 0.1.0: imported course versions with their modules, items, glossary
// and sources; which course a resource link shows; each learner's run through a course.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('course_versions', (t) => {
    t.string('id', 36).primary();
    t.string('course_slug', 64).notNullable();
    t.integer('number').notNullable(); // 1, 2, 3 ... per course
    t.string('content_hash', 64).notNullable();
    t.string('title', 255).notNullable();
    t.string('language', 8).notNullable();
    t.string('legal_baseline', 10).notNullable();
    t.text('summary').notNullable();
    t.text('tracks').notNullable(); // JSON [{id,title}]
    t.text('certificate').notNullable(); // JSON, course.yaml certificate block
    t.text('exam').notNullable(); // JSON, assessment.yaml exam block
    t.bigInteger('created_at').notNullable();
    t.unique(['course_slug', 'number']);
  });
  await knex.schema.createTable('course_modules', (t) => {
    t.string('id', 36).primary();
    t.string('version_id', 36).notNullable().references('course_versions.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.string('locale', 8).notNullable();
    t.integer('position').notNullable();
    t.string('title', 255).notNullable();
    t.integer('minutes').notNullable();
    t.text('tracks').notNullable(); // JSON {track: core|recommended|optional}
    t.text('content_note').notNullable();
    t.text('objectives').notNullable(); // JSON [{id,text}]
    t.text('sources').notNullable(); // JSON [id]
    t.text('headings').notNullable(); // JSON [{id,text}]
    t.text('check_items').notNullable(); // JSON, the formative check
    t.integer('words').notNullable();
    t.text('html', 'mediumtext').notNullable();
    t.unique(['version_id', 'module_key', 'locale']);
  });
  await knex.schema.createTable('course_items', (t) => {
    t.string('id', 36).primary();
    t.string('version_id', 36).notNullable().references('course_versions.id').onDelete('CASCADE');
    t.string('item_key', 64).notNullable();
    t.string('module_key', 64).notNullable();
    t.string('objective', 64).notNullable();
    t.string('type', 32).notNullable();
    t.integer('critical').notNullable(); // 0/1
    t.text('roles').notNullable(); // JSON
    t.string('variant_of', 64).nullable();
    t.text('body').notNullable(); // JSON: the whole item as authored
    t.unique(['version_id', 'item_key']);
  });
  await knex.schema.createTable('course_glossary', (t) => {
    t.string('id', 36).primary();
    t.string('version_id', 36).notNullable().references('course_versions.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('slug', 96).notNullable();
    t.string('term', 255).notNullable();
    t.text('definition').notNullable();
    t.text('sources').notNullable(); // JSON [id]
    t.unique(['version_id', 'slug']);
  });
  await knex.schema.createTable('course_sources', (t) => {
    t.string('id', 36).primary();
    t.string('version_id', 36).notNullable().references('course_versions.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('source_key', 16).notNullable();
    t.text('citation').notNullable();
    t.text('urls').notNullable(); // JSON [url]
    t.unique(['version_id', 'source_key']);
  });
  // Which course (and module) a resource link shows, when a trainer chose it in Beacon.
  await knex.schema.createTable('placements', (t) => {
    t.string('resource_link_id', 36).primary().references('resource_links.id').onDelete('CASCADE');
    t.string('course_slug', 64).notNullable();
    t.string('module_key', 64).nullable();
    t.string('placed_by', 36).notNullable();
    t.bigInteger('placed_at').notNullable();
  });
  // A learner's run through one course: pinned to the version they started.
  await knex.schema.createTable('learner_courses', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('course_slug', 64).notNullable();
    t.string('version_id', 36).notNullable().references('course_versions.id');
    t.string('track', 64).nullable();
    t.string('track_set_by', 36).nullable(); // the learner's own id, or the trainer's
    t.string('last_module_key', 64).nullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('completed_at').nullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['user_id', 'course_slug']);
  });
  await knex.schema.createTable('module_progress', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.string('status', 16).notNullable(); // in_progress | completed
    t.string('position', 96).nullable(); // id of the last section reached
    t.bigInteger('content_note_shown_at').nullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('completed_at').nullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['learner_course_id', 'module_key']);
  });
  await knex.schema.createTable('check_attempts', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.text('answers').notNullable(); // JSON
    t.double('score').notNullable(); // points
    t.double('max_score').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['learner_course_id', 'module_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('check_attempts');
  await knex.schema.dropTable('module_progress');
  await knex.schema.dropTable('learner_courses');
  await knex.schema.dropTable('placements');
  await knex.schema.dropTable('course_sources');
  await knex.schema.dropTable('course_glossary');
  await knex.schema.dropTable('course_items');
  await knex.schema.dropTable('course_modules');
  await knex.schema.dropTable('course_versions');
}
