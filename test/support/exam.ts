import type { Item } from '../../src/items/index.js';
import type { RunningBeacon } from './beacon.js';

/** Form fields that answer an item right, or wrong, as a learner would fill them in. */
export function answerFields(item: Item, correct: boolean): Record<string, string | string[]> {
  const name = `q.${item.id}`;
  switch (item.type) {
    case 'single_choice':
    case 'scenario_judgement':
      return { [name]: correct ? item.answer : (item.options.find((o) => o.id !== item.answer)?.id as string) };
    case 'true_false':
      return { [name]: String(correct ? item.answer : !item.answer) };
    case 'multiple_response':
      return { [name]: correct ? item.answer : item.options.filter((o) => !item.answer.includes(o.id)).map((o) => o.id).concat(item.answer.slice(0, 1)) };
    case 'ordering': {
      const order = correct ? item.answer : [...item.answer].reverse();
      return Object.fromEntries(order.map((id, i) => [`${name}.${id}`, String(i + 1)]));
    }
    case 'matching':
      return Object.fromEntries(item.prompts.map((p, i) => [`${name}.${p.id}`, correct ? (item.answer[p.id] as string) : (item.choices.find((c) => c.id !== item.answer[p.id])?.id ?? item.choices[i % item.choices.length]!.id)]));
  }
}

/** The items drawn for an attempt, read from the database as the test's answer key. */
export async function attemptItems(beacon: RunningBeacon, attemptId: string): Promise<Item[]> {
  const attempt = await beacon.db('attempts').where({ id: attemptId }).first('form', 'version_id');
  const form = JSON.parse(attempt.form) as Array<{ key: string }>;
  const rows = await beacon.db('course_items').where({ version_id: attempt.version_id }).whereIn('item_key', form.map((f) => f.key));
  const byKey = new Map(rows.map((row: { item_key: string; body: string }) => [row.item_key, JSON.parse(row.body) as Item]));
  return form.map((f) => byKey.get(f.key) as Item);
}

export function answerAll(items: Item[], correct: (item: Item) => boolean): Record<string, string | string[]> {
  return Object.assign({}, ...items.map((item) => answerFields(item, correct(item))));
}
