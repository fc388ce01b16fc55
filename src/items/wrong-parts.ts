import type { Item } from './schema.js';
import type { Response } from './scoring.js';

/**
 * The parts of a matching or ordering answer that are not right, so feedback can name them.
 * It says what the learner gave, never what the key says: a check that is tried again
 * should still make the learner think. Scoring is left to scoreItem.
 */
export type WrongParts =
  | { type: 'matching'; prompts: Array<{ prompt: string; given: string | null }> }
  | { type: 'ordering'; positions: Array<{ position: number; given: string }> };

/** Null when the item has no parts, was not answered, or every part is right. */
export function wrongParts(item: Item, response: Response): WrongParts | null {
  if (item.type === 'matching') {
    if (!response || typeof response !== 'object' || Array.isArray(response)) return null;
    const prompts = item.prompts
      .filter((p) => response[p.id] !== item.answer[p.id])
      .map((p) => ({ prompt: p.id, given: response[p.id] ?? null }));
    return prompts.length > 0 ? { type: 'matching', prompts } : null;
  }
  if (item.type === 'ordering') {
    if (!Array.isArray(response)) return null;
    const positions = item.answer.flatMap((id, i) => (response[i] === id ? [] : [{ position: i + 1, given: response[i] ?? '' }]));
    return positions.length > 0 ? { type: 'ordering', positions } : null;
  }
  return null;
}
