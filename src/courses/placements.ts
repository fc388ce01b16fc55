import type { Executor } from '../db/index.js';
import { nullableText, text } from '../db/index.js';

export type Placement = { courseSlug: string; moduleKey: string | null };

/** What a trainer chose for a link that the LMS did not place itself. */
export async function findPlacement(db: Executor, resourceLinkId: string): Promise<Placement | null> {
  const row = await db('placements').where({ resource_link_id: resourceLinkId }).first('course_slug', 'module_key');
  return row ? { courseSlug: text.parse(row.course_slug), moduleKey: nullableText.parse(row.module_key) } : null;
}

export async function savePlacement(db: Executor, resourceLinkId: string, placement: Placement, by: string, now: number): Promise<void> {
  const row = { course_slug: placement.courseSlug, module_key: placement.moduleKey, placed_by: by, placed_at: now };
  await db('placements').insert({ resource_link_id: resourceLinkId, ...row }).onConflict('resource_link_id').merge(row);
}
