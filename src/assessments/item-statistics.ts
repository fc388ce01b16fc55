export type ItemResponse = { attemptId: string; itemKey: string; points: number };
export type ItemStatistic = { itemKey: string; responses: number; facility: number; discrimination: number | null };

/** Fewer attempts than this make the upper and lower groups too small to compare. */
export const MIN_FOR_DISCRIMINATION = 10;

/**
 * Classical item statistics: facility is the mean score on the item (0 = nobody, 1 =
 * everybody); discrimination is the facility among the best 27% of attempts minus that
 * among the weakest 27%, so a low or negative value marks an item that strong candidates
 * get wrong as often as weak ones.
 */
export function itemStatistics(responses: ItemResponse[], attemptPercent: ReadonlyMap<string, number>): ItemStatistic[] {
  const ranked = [...attemptPercent.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const groupSize = Math.max(1, Math.round(ranked.length * 0.27));
  const lower = new Set(ranked.slice(0, groupSize));
  const upper = new Set(ranked.slice(-groupSize));
  const byItem = new Map<string, ItemResponse[]>();
  for (const response of responses) byItem.set(response.itemKey, [...(byItem.get(response.itemKey) ?? []), response]);
  const mean = (list: ItemResponse[]) => (list.length ? list.reduce((sum, r) => sum + r.points, 0) / list.length : 0);
  return [...byItem.entries()]
    .map(([itemKey, list]) => {
      const up = list.filter((r) => upper.has(r.attemptId));
      const low = list.filter((r) => lower.has(r.attemptId));
      const enough = ranked.length >= MIN_FOR_DISCRIMINATION && up.length > 0 && low.length > 0;
      return { itemKey, responses: list.length, facility: mean(list), discrimination: enough ? mean(up) - mean(low) : null };
    })
    .sort((a, b) => a.facility - b.facility);
}

/**
 * The usual bounds of classical test theory, which the report states to trainers: an item
 * almost nobody gets right (facility below 0.2) or almost everybody does (above 0.9) tells
 * little, and one with discrimination below 0.2 does not separate strong from weak
 * candidates. Fewer answers than `minResponses` are too few to judge.
 */
export const ITEM_BOUNDS = { facilityLow: 0.2, facilityHigh: 0.9, discriminationLow: 0.2, minResponses: 10 } as const;

export type ItemFlag = 'too_few' | 'too_hard' | 'too_easy' | 'weak_discrimination';

/** What is out of bounds about an item: nothing, or the reasons, or only that it has too few answers. */
export function itemFlags(stat: Pick<ItemStatistic, 'responses' | 'facility' | 'discrimination'>): ItemFlag[] {
  if (stat.responses < ITEM_BOUNDS.minResponses) return ['too_few'];
  const flags: ItemFlag[] = [];
  if (stat.facility < ITEM_BOUNDS.facilityLow) flags.push('too_hard');
  if (stat.facility > ITEM_BOUNDS.facilityHigh) flags.push('too_easy');
  if (stat.discrimination !== null && stat.discrimination < ITEM_BOUNDS.discriminationLow) flags.push('weak_discrimination');
  return flags;
}

export const STAT_SORTS = ['facility', 'discrimination'] as const;
export type StatSort = { by: (typeof STAT_SORTS)[number]; order: 'asc' | 'desc' };

/** Sorts by the chosen figure; items without a discrimination yet come last either way. */
export function sortStatistics<T extends Pick<ItemStatistic, 'itemKey' | 'facility' | 'discrimination'>>(list: readonly T[], sort: StatSort): T[] {
  const sign = sort.order === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = a[sort.by];
    const y = b[sort.by];
    if (x === null || y === null) return x === y ? a.itemKey.localeCompare(b.itemKey) : x === null ? 1 : -1;
    return sign * (x - y) || a.itemKey.localeCompare(b.itemKey);
  });
}
