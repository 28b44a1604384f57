export interface Positioned {
  id: string;
  position: number;
}

export interface PositionChange {
  id: string;
  position: number;
}

/**
 * The position changes that move the item at `index` one place up (-1) or down (+1).
 * Two items swap positions; where positions are not all distinct (so a swap would not change the
 * order), every item is numbered anew. Changes only list items whose position really changes.
 */
export function moveChanges(items: readonly Positioned[], index: number, direction: -1 | 1): PositionChange[] {
  const target = index + direction;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [];
  const sorted = [...items].sort((a, b) => a.position - b.position);
  const distinct = new Set(sorted.map((item) => item.position)).size === sorted.length;
  if (distinct) {
    return [
      { id: sorted[index].id, position: sorted[target].position },
      { id: sorted[target].id, position: sorted[index].position },
    ];
  }
  const reordered = [...sorted];
  [reordered[index], reordered[target]] = [reordered[target], reordered[index]];
  return reordered
    .map((item, position) => ({ id: item.id, position }))
    .filter((change, position) => reordered[position].position !== change.position);
}
