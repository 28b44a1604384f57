import type { Round, RoundCreate, RoundStatus, RoundUpdate } from './api';
import { keyFor } from './rules';

export interface ItemValues {
  /** Empty for a new statement or question: made from its Dutch text when saved. */
  key: string;
  textNl: string;
  textEn: string;
}

export interface RoundValues extends Record<string, unknown> {
  title: string;
  opensOn: string;
  closesOn: string;
  partyIds: string[];
  statements: ItemValues[];
  questions: ItemValues[];
  /** Not sent: what may still change depends on it. */
  status: RoundStatus | 'new';
}

export function emptyRound(opensOn: string, closesOn: string): RoundValues {
  return { title: '', opensOn, closesOn, partyIds: [], statements: [], questions: [], status: 'new' };
}

export function toRoundValues(round: Round): RoundValues {
  const item = ({ key, textNl, textEn }: ItemValues) => ({ key, textNl, textEn });
  return {
    title: round.title,
    opensOn: round.opensOn,
    closesOn: round.closesOn,
    partyIds: [...round.partyIds],
    statements: round.statements.map(item),
    questions: round.questions.map(item),
    status: round.status,
  };
}

/** Give every new item a key of its own (trends follow a statement by its key). */
export function withKeys(items: ItemValues[]): ItemValues[] {
  const taken = items.map((item) => item.key).filter(Boolean);
  return items.map((item) => {
    if (item.key) return { ...item, textNl: item.textNl.trim(), textEn: item.textEn.trim() };
    const key = keyFor(item.textNl, taken);
    taken.push(key);
    return { key, textNl: item.textNl.trim(), textEn: item.textEn.trim() };
  });
}

/** A new round: without statements and questions, so the API gives it the default set to edit. */
export function toCreateBody(values: RoundValues): RoundCreate {
  return { title: values.title.trim(), opensOn: values.opensOn, closesOn: values.closesOn, partyIds: values.partyIds };
}

/** A change: everything while a draft; once open only the title and the last day. */
export function toUpdateBody(values: RoundValues): RoundUpdate {
  if (values.status !== 'draft') return { title: values.title.trim(), closesOn: values.closesOn };
  return {
    title: values.title.trim(),
    opensOn: values.opensOn,
    closesOn: values.closesOn,
    partyIds: values.partyIds,
    statements: withKeys(values.statements),
    questions: withKeys(values.questions),
  };
}
