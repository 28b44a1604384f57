import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { deleteProblem } from './deleteProblem';

describe('deleteProblem', () => {
  it('explains a 409 in our words and keeps what the API says still refers to the record', () => {
    const error = new ApiError(409, { status: 409, detail: "'Woonstede' is still referred to by 2 people; move or delete those first." });
    expect(deleteProblem(error)).toEqual({
      message: { key: 'delete.conflict' },
      detail: "'Woonstede' is still referred to by 2 people; move or delete those first.",
    });
  });

  it('says when someone changed or removed the record meanwhile', () => {
    expect(deleteProblem(new ApiError(412, { status: 412, detail: 'x' }))).toEqual({ message: { key: 'delete.stale' }, detail: null });
    expect(deleteProblem(new ApiError(404, null))).toEqual({ message: { key: 'delete.gone' }, detail: null });
  });

  it('treats anything that is not an answer of the API as a lost connection', () => {
    expect(deleteProblem(new TypeError('Failed to fetch')).message).toEqual({ key: 'errors.network' });
  });
});
