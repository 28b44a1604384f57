/**
 * After a 412 the form reloads the latest version. What the user typed must not be lost, and what
 * someone else changed meanwhile should not be undone blindly: a three-way merge per field.
 *
 * - a field the user did not touch takes the latest value;
 * - a field the user changed keeps the user's value;
 * - a field both changed, to different values, keeps the user's value and is reported, so the
 *   form can show the latest value beside it.
 */
export interface MergeResult<T> {
  values: T;
  conflicts: (keyof T & string)[];
}

export function mergeAfterConflict<T extends Record<string, unknown>>(
  base: T,
  mine: T,
  latest: T,
): MergeResult<T> {
  const values = { ...mine };
  const conflicts: (keyof T & string)[] = [];
  for (const key of Object.keys(mine) as (keyof T & string)[]) {
    const userChanged = !same(mine[key], base[key]);
    const othersChanged = !same(latest[key], base[key]);
    if (!userChanged) {
      values[key] = latest[key];
    } else if (othersChanged && !same(mine[key], latest[key])) {
      conflicts.push(key);
    }
  }
  return { values, conflicts };
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
