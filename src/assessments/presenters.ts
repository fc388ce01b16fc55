import type { TrackModule } from '../courses/index.js';
import type { Item } from '../items/index.js';
import type { FormItem } from './blueprint.js';

/** The item as this attempt shows it: options (or matching choices) in the attempt's order. */
export function inAttemptOrder(item: Item, entry: FormItem): Item {
  const rank = new Map(entry.order.map((id, i) => [id, i]));
  const byRank = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  if (item.type === 'matching') return { ...item, choices: byRank(item.choices) };
  if (item.type === 'true_false' || item.type === 'ordering') return item;
  return { ...item, options: byRank(item.options) };
}

export type Question = { number: number; anchor: string; answered: boolean };

/** The attempt's questions in order, with whether an answer is saved, for the index and the blank list. */
export function questionList(items: Item[], saved: Map<string, unknown>): Question[] {
  return items.map((item, i) => ({ number: i + 1, anchor: `question-${i + 1}`, answered: saved.has(item.id) }));
}

/** Plain words for an answer, for feedback that shows answers. */
export function describeAnswer(item: Item, value: unknown, words: { true: string; false: string }): string {
  if (value === undefined || value === null) return '—';
  const text = (id: string) => ('options' in item ? item.options.find((o) => o.id === id)?.text : undefined) ?? id;
  switch (item.type) {
    case 'true_false':
      return value ? words.true : words.false;
    case 'single_choice':
    case 'scenario_judgement':
      return text(value as string);
    case 'multiple_response':
      return (value as string[]).map(text).join('; ');
    case 'ordering':
      return (value as string[]).map((id, i) => `${i + 1}. ${text(id)}`).join(' ');
    case 'matching':
      return Object.entries(value as Record<string, string>)
        .map(([p, c]) => `${item.prompts.find((x) => x.id === p)?.text ?? p} → ${item.choices.find((x) => x.id === c)?.text ?? c}`)
        .join('; ');
  }
}

export type ReviewModule = Pick<TrackModule, 'key' | 'title' | 'number'> & { objectives: Array<{ id: string; text: string }> };

/**
 * The objectives to review, in the learner's words and grouped under their modules in
 * course order, each module numbered as the learner's track numbers it (none outside it).
 */
export function reviewByModule(missedObjectives: readonly string[], modules: readonly TrackModule[]): ReviewModule[] {
  const missed = new Set(missedObjectives);
  return modules.flatMap((m) => {
    const objectives = m.objectives.filter((o) => missed.has(o.id));
    return objectives.length > 0 ? [{ key: m.key, title: m.title, number: m.number, objectives }] : [];
  });
}
