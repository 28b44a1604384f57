import type { Schemas } from '../../api';

type TrendGroup = Schemas['TrendGroup'];
type TrendPoint = Schemas['TrendPoint'];

export interface TrendColumn {
  roundId: string;
  title: string;
  closesOn: string;
}

/** The rounds of a group's trend, oldest first: the columns of its table. */
export function trendColumns(group: TrendGroup): TrendColumn[] {
  const byId = new Map<string, TrendColumn>();
  for (const statement of group.statements) {
    for (const point of statement.points) byId.set(point.roundId, { roundId: point.roundId, title: point.title, closesOn: point.closesOn });
  }
  return [...byId.values()].sort((a, b) => a.closesOn.localeCompare(b.closesOn) || a.roundId.localeCompare(b.roundId));
}

/** A statement's point in a round, or undefined when the round did not ask it. */
export function pointIn(statement: { points: TrendPoint[] }, roundId: string): TrendPoint | undefined {
  return statement.points.find((point) => point.roundId === roundId);
}
