import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawForm, type BankItem, type BlueprintModule } from '../../src/assessments/blueprint.js';

/** A repeatable random source, so a failing draw can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const modules: BlueprintModule[] = [
  { key: 'a', position: 1, level: 'core' },
  { key: 'b', position: 2, level: 'core' },
  { key: 'c', position: 3, level: 'optional' },
];

function bank(): BankItem[] {
  const items: BankItem[] = [];
  for (const module of ['a', 'b', 'c']) {
    for (let i = 1; i <= 12; i++) {
      items.push({
        key: `${module}${i}`,
        module,
        type: i <= 2 ? 'scenario_judgement' : i === 3 ? 'true_false' : i === 4 ? 'ordering' : 'single_choice',
        roles: i % 3 === 0 ? ['judge'] : i % 3 === 1 ? ['all'] : ['investigator'],
        variantOf: i === 6 ? `${module}5` : null,
        optionIds: i === 3 ? [] : ['w', 'x', 'y', 'z'],
      });
    }
  }
  return items;
}

const settings = { items: 12, min_per_core_module: 4, min_scenario_per_core_module: 1, min_role_share: 0.6, shuffle_options: true };

describe('drawing an exam form from the blueprint', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`meets every rule of the blueprint (draw ${seed})`, () => {
      const form = drawForm({ bank: bank(), modules, settings, track: 'judge', seen: new Set(), random: seeded(seed) });
      const items = form.map((f) => bank().find((b) => b.key === f.key)!);
      assert.equal(form.length, 12);
      assert.equal(new Set(form.map((f) => f.key)).size, 12, 'no item twice');
      for (const core of ['a', 'b']) {
        const own = items.filter((i) => i.module === core);
        assert.ok(own.length >= 4, `at least 4 from core module ${core}`);
        assert.ok(own.some((i) => i.type === 'scenario_judgement'), `a scenario item from ${core}`);
      }
      const forTrack = items.filter((i) => i.roles.includes('all') || i.roles.includes('judge')).length;
      assert.ok(forTrack / items.length >= 0.6, `role share ${forTrack}/${items.length}`);
      for (const m of ['a', 'b', 'c']) assert.ok(!(items.some((i) => i.key === `${m}5`) && items.some((i) => i.key === `${m}6`)), 'one item of a variant group');
      for (const f of form) {
        const item = items.find((i) => i.key === f.key)!;
        assert.deepEqual([...f.order].sort(), [...item.optionIds].sort(), 'options are a permutation');
        if (item.type === 'ordering' || item.type === 'true_false') assert.deepEqual(f.order, item.optionIds, 'ordering and true/false keep their order');
      }
      const positions = items.map((i) => modules.find((m) => m.key === i.module)!.position);
      assert.deepEqual(positions, [...positions].sort(), 'items follow the module order');
    });
  }

  it('draws unseen items before items from earlier attempts', () => {
    const all = bank();
    const first = drawForm({ bank: all, modules, settings, track: 'judge', seen: new Set(), random: seeded(7) });
    const second = drawForm({ bank: all, modules, settings, track: 'judge', seen: new Set(first.map((f) => f.key)), random: seeded(8) });
    const repeated = second.filter((f) => first.some((g) => g.key === f.key)).length;
    assert.ok(repeated <= 2, `${repeated} items repeated although unseen ones were available`);
  });

  it('makes a smaller form rather than break the variant rule when the bank is small', () => {
    const tiny: BankItem[] = [
      { key: 'x1', module: 'a', type: 'single_choice', roles: ['all'], variantOf: null, optionIds: ['p', 'q'] },
      { key: 'x2', module: 'a', type: 'single_choice', roles: ['all'], variantOf: 'x1', optionIds: ['p', 'q'] },
    ];
    const form = drawForm({ bank: tiny, modules, settings, track: 'judge', seen: new Set(), random: seeded(3) });
    assert.equal(form.length, 1);
  });
});
