import type { ExamSettings } from '../courses/index.js';
import { scoreItem, type Item, type Response } from '../items/index.js';

export type GradedItem = { item: Item; response: Response; points: number; correct: boolean };
export type Grade = { items: GradedItem[]; points: number; maxPoints: number; percent: number; criticalMissed: string[]; missedObjectives: string[]; passed: boolean };

/**
 * Grades a whole attempt: each item by its type's rule, the percentage against the pass
 * mark, and, where the package requires it, every critical item answered correctly.
 */
export function gradeAttempt(items: Item[], answers: ReadonlyMap<string, unknown>, settings: ExamSettings): Grade {
  const graded = items.map((item) => {
    const response = answers.get(item.id) as Response;
    return { item, response, ...scoreItem(item, response, settings.scoring) };
  });
  const points = graded.reduce((sum, g) => sum + g.points, 0);
  const maxPoints = graded.length;
  // Two decimals, so a stored percentage compares exactly with the pass mark.
  const percent = maxPoints === 0 ? 0 : Math.round((points / maxPoints) * 10_000) / 100;
  const criticalMissed = graded.filter((g) => g.item.critical && !g.correct).map((g) => g.item.id);
  const missedObjectives = [...new Set(graded.filter((g) => !g.correct).map((g) => g.item.objective))];
  const passed = percent >= settings.pass_mark && (!settings.require_all_critical || criticalMissed.length === 0);
  return { items: graded, points, maxPoints, percent, criticalMissed, missedObjectives, passed };
}
