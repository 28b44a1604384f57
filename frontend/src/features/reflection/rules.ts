import type { Role } from '../../auth/permissions';
import type { Item, RoundSummary } from './api';

/** Running rounds (create, change, open, close, release): admins and coordinators. */
export const mayRun = (role: Role | undefined) => role === 'admin' || role === 'coordinator';

/** The text of a statement or question in the reader's language (Dutch when it has no English). */
export const itemText = (item: Pick<Item, 'textNl' | 'textEn'>, language: string) =>
  language.startsWith('en') && item.textEn ? item.textEn : item.textNl;

/** Open rounds first (those the caller may still answer before the rest), then drafts, then closed. */
export function orderRounds<T extends Pick<RoundSummary, 'status' | 'mayAnswer'>>(rounds: readonly T[]): T[] {
  const rank = (round: T) => (round.status === 'open' ? (round.mayAnswer ? 0 : 1) : round.status === 'draft' ? 2 : 3);
  return [...rounds].map((round, index) => ({ round, index })).sort((a, b) => rank(a.round) - rank(b.round) || a.index - b.index).map(({ round }) => round);
}

/** The response rate as a whole percentage, or null when nobody is invited. */
export function responsePercent(rate: { invited: number; answered: number }): number | null {
  return rate.invited > 0 ? Math.round((100 * rate.answered) / rate.invited) : null;
}

/** A mean or change to show: one decimal place more than the API's rounding hides nothing. */
export function formatNumber(value: number, language: string, signed = false): string {
  const text = value.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  return signed && value > 0 ? `+${text}` : text;
}

/** The share of a distribution's answers that gave each rating, as whole percentages. */
export function shares(distribution: readonly number[]): number[] {
  const total = distribution.reduce((sum, n) => sum + n, 0);
  return distribution.map((n) => (total > 0 ? Math.round((100 * n) / total) : 0));
}

/** A new key for a statement or question from its text: lowercase kebab-case, unique in `taken`. */
export function keyFor(text: string, taken: readonly string[]): string {
  const base =
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'item';
  let key = base;
  for (let n = 2; taken.includes(key); n += 1) key = `${base}-${n}`;
  return key;
}
