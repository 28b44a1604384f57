import type { Commitment, CommitmentWrite } from './api';

/** The form's values: a date field holds '' for "no date". */
export interface CommitmentValues extends Record<string, unknown> {
  meaning: string;
  contribution: string;
  needs: string;
  step: string;
  stepDate: string;
  shared: boolean;
}

/** A new commitment: empty, and private. */
export const EMPTY: CommitmentValues = { meaning: '', contribution: '', needs: '', step: '', stepDate: '', shared: false };

export function toValues(commitment: Commitment): CommitmentValues {
  return {
    meaning: commitment.meaning,
    contribution: commitment.contribution,
    needs: commitment.needs,
    step: commitment.step,
    stepDate: commitment.stepDate ?? '',
    shared: commitment.shared,
  };
}

/** The body of `PUT /commitments/mine`: the whole commitment, without a date as null. */
export function toBody(values: CommitmentValues): CommitmentWrite {
  return {
    meaning: values.meaning,
    contribution: values.contribution,
    needs: values.needs,
    step: values.step,
    stepDate: values.stepDate || null,
    shared: values.shared,
  };
}

/** The commitments of others in a list: my own has its own form. */
export function colleaguesOnly<T extends Pick<Commitment, 'mine'>>(items: T[]): T[] {
  return items.filter((commitment) => !commitment.mine);
}
