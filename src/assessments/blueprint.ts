import type { ExamSettings } from '../courses/index.js';
import type { ItemType } from '../items/index.js';

export type BankItem = {
  key: string;
  module: string;
  type: ItemType;
  roles: string[];
  variantOf: string | null;
  optionIds: string[]; // options, or choices for matching; empty for true/false
};
export type BlueprintModule = { key: string; position: number; level: 'core' | 'recommended' | 'optional' };
export type FormItem = { key: string; order: string[] };
export type Random = () => number;

function shuffled<T>(list: readonly T[], random: Random): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Draws one exam form from the bank (CURRICULUM.md 5.2): at least `min_per_core_module`
 * items and `min_scenario_per_core_module` scenario items from each core module of the
 * track, items written for the track first (so they make up at least `min_role_share`),
 * at most one item of a group of parallel variants, and items the learner has not seen in
 * earlier attempts before seen ones. Pure: the randomness comes in as a function.
 */
export function drawForm(input: {
  bank: BankItem[];
  modules: BlueprintModule[];
  settings: Pick<ExamSettings, 'items' | 'min_per_core_module' | 'min_scenario_per_core_module' | 'min_role_share' | 'shuffle_options'>;
  track: string | null;
  seen: ReadonlySet<string>;
  random: Random;
}): FormItem[] {
  const { bank, settings, track, seen, random } = input;
  const forTrack = (item: BankItem) => item.roles.includes('all') || (track !== null && item.roles.includes(track));
  const group = (item: BankItem) => item.variantOf ?? item.key;
  const usedGroups = new Set<string>();
  const picked: BankItem[] = [];

  // Preference: not seen before, then written for the track, then chance.
  const rank = (items: BankItem[]) =>
    shuffled(items, random).sort((a, b) => Number(seen.has(a.key)) - Number(seen.has(b.key)) || Number(forTrack(b)) - Number(forTrack(a)));
  // Items written for other tracks may fill only what the role share leaves over.
  const otherTrackBudget = Math.floor(settings.items * (1 - settings.min_role_share));
  let otherTrackPicked = 0;

  function take(candidates: BankItem[], count: number, capOtherTracks = true): void {
    for (const item of rank(candidates)) {
      if (count <= 0 || picked.length >= settings.items) return;
      if (usedGroups.has(group(item))) continue;
      if (!forTrack(item) && capOtherTracks && otherTrackPicked >= otherTrackBudget) continue;
      if (!forTrack(item)) otherTrackPicked++;
      usedGroups.add(group(item));
      picked.push(item);
      count--;
    }
  }

  const core = input.modules.filter((m) => m.level === 'core');
  for (const module of core) {
    const own = bank.filter((item) => item.module === module.key);
    take(own.filter((item) => item.type === 'scenario_judgement'), settings.min_scenario_per_core_module);
    const already = picked.filter((item) => item.module === module.key).length;
    take(own, settings.min_per_core_module - already);
  }
  const coreKeys = new Set(core.map((m) => m.key));
  const fresh = (item: BankItem) => !seen.has(item.key);
  // Fill with unseen items of the track (core modules first), and only then with seen ones.
  take(bank.filter((item) => fresh(item) && forTrack(item) && coreKeys.has(item.module)), settings.items - picked.length);
  take(bank.filter((item) => fresh(item) && forTrack(item)), settings.items - picked.length);
  take(bank.filter((item) => coreKeys.has(item.module) && forTrack(item)), settings.items - picked.length);
  take(bank.filter((item) => forTrack(item)), settings.items - picked.length);
  take(bank, settings.items - picked.length);
  // A bank too small for the role share still gives a full form rather than a short one.
  take(bank, settings.items - picked.length, false);

  const position = new Map(input.modules.map((m) => [m.key, m.position]));
  return picked
    .sort((a, b) => (position.get(a.module) ?? 0) - (position.get(b.module) ?? 0))
    .map((item) => ({
      key: item.key,
      // Ordering and true/false keep their order (brief 5.2); the rest are shuffled per attempt.
      order: settings.shuffle_options && item.type !== 'ordering' && item.type !== 'true_false' ? shuffled(item.optionIds, random) : item.optionIds,
    }));
}
