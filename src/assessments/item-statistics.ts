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
