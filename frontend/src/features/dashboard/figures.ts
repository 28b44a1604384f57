import type { Dashboard } from './api';

/** One row of a chart and of its table: a label and a value per series. */
export type Row = { label: string } & Record<string, number | string | null>;

export const LEVELS = ['watching', 'thinking-along', 'taking-part'] as const;

/** Participation as one row per party with a count per level (absent levels count 0). */
export function participationRows(participation: Dashboard['participation']): Row[] {
  const rows = new Map<string, Row>();
  for (const entry of participation) {
    const row = rows.get(entry.partyId) ?? { label: entry.partyName, watching: 0, 'thinking-along': 0, 'taking-part': 0 };
    row[entry.level] = entry.count;
    rows.set(entry.partyId, row);
  }
  return [...rows.values()];
}

/** Clarity over time: one row per snapshot date, a column per role map (percent, or null). */
export function clarityRows(roleMaps: Dashboard['roleMaps'], formatDay: (iso: string) => string): { rows: Row[]; series: { key: string; name: string }[] } {
  const series = roleMaps.map((map, index) => ({ key: `map${index}`, name: map.title }));
  const points = roleMaps.flatMap((map, index) =>
    map.snapshots.map((snapshot) => ({ at: snapshot.takenAt, key: `map${index}`, clarity: Math.round(snapshot.clarity * 100) })),
  );
  points.sort((a, b) => a.at.localeCompare(b.at));
  // One row per moment: two snapshots of one day (before and after a partner table) both show.
  const moments: string[] = [];
  const rows: Row[] = [];
  for (const point of points) {
    let index = moments.indexOf(point.at);
    if (index < 0) {
      index = moments.push(point.at) - 1;
      rows.push({ label: formatDay(point.at), ...Object.fromEntries(series.map((s) => [s.key, null])) });
    }
    rows[index][point.key] = point.clarity;
  }
  return { rows, series };
}

/** The reflection trend: one row per round, a column per statement (the mean, or null when suppressed). */
export function reflectionRows(
  statements: Dashboard['reflection'],
  language: string,
): { rows: Row[]; series: { key: string; name: string }[] } {
  const series = statements.map((statement, index) => ({
    key: `s${index}`,
    name: language.startsWith('en') ? statement.textEn : statement.textNl,
  }));
  const rows: Row[] = [];
  statements.forEach((statement, index) => {
    for (const point of statement.points) {
      let row = rows.find((r) => r.roundId === point.roundId);
      if (!row) {
        row = { label: point.title, roundId: point.roundId, closesOn: point.closesOn, ...Object.fromEntries(series.map((s) => [s.key, null])) };
        rows.push(row);
      }
      row[`s${index}`] = point.mean ?? null;
    }
  });
  rows.sort((a, b) => String(a.closesOn).localeCompare(String(b.closesOn)));
  return { rows, series };
}
