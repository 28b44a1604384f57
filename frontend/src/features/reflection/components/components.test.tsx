// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../../i18n';
import { DistributionTable } from './Distribution';
import { RatingScale } from './RatingScale';
import { Suppressed } from './Suppressed';

beforeAll(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(cleanup);

describe('RatingScale', () => {
  it('is a group named by the statement, with five radios named by number and meaning', () => {
    const onChange = vi.fn();
    render(<RatingScale name="ratings.trust" legend="Ik vertrouw de anderen." number={1} value={null} onChange={onChange} error={null} />);
    const group = screen.getByRole('group', { name: '1. Ik vertrouw de anderen.' });
    expect(group.tagName).toBe('FIELDSET');
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((radio) => radio.getAttribute('name'))).toEqual(Array(5).fill('ratings.trust'));
    within(group).getByRole('radio', { name: '1 helemaal oneens' });
    within(group).getByRole('radio', { name: '5 helemaal eens' });
    fireEvent.click(within(group).getByRole('radio', { name: '4 eens' }));
    expect(onChange).toHaveBeenCalledWith(4);
  });

  it('shows the chosen rating, and an error that the group announces', () => {
    render(<RatingScale name="ratings.trust" legend="Vertrouwen" number={2} value={3} onChange={() => {}} error="Kies een cijfer van 1 tot 5." />);
    expect((screen.getByRole('radio', { name: '3 neutraal' }) as HTMLInputElement).checked).toBe(true);
    const group = screen.getByRole('group');
    const describedBy = group.getAttribute('aria-describedby');
    expect(describedBy && document.getElementById(describedBy)?.textContent).toBe('Kies een cijfer van 1 tot 5.');
    // The first radio carries the field's id, so the error summary's link lands in the group.
    expect(screen.getByRole('radio', { name: '1 helemaal oneens' }).id).toBe('field-ratings-trust');
  });
});

describe('Suppressed', () => {
  it('says "too few answers" and why, with k', () => {
    render(<Suppressed reason="too-few-answers" minGroup={5} />);
    screen.getByText('Te weinig antwoorden om te tonen');
    screen.getByText(/Minder dan 5 mensen/);
  });

  it('explains a group hidden to protect another', () => {
    render(<Suppressed reason="protects-another-group" minGroup={4} />);
    screen.getByText('Te weinig antwoorden om te tonen');
    screen.getByText(/minder dan 4 antwoorden/);
  });

  it('asks twice k for open answers', () => {
    render(<Suppressed reason="too-few-answers" minGroup={5} openAnswers />);
    screen.getByText(/ten minste 10 mensen/);
  });
});

describe('DistributionTable', () => {
  it('gives every figure as text: the mean and the count of each rating per statement', () => {
    render(
      <DistributionTable
        caption="Iedereen samen"
        answered={8}
        statements={[{ key: 'trust', textNl: 'Vertrouwen', textEn: 'Trust', distribution: [0, 1, 2, 3, 2], mean: 3.75 }]}
      />,
    );
    const table = screen.getByRole('table', { name: /^Iedereen samen/ });
    const row = within(table).getByRole('row', { name: /Vertrouwen/ });
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['3,75', '0', '1', '2', '3', '2']);
    within(table).getByRole('columnheader', { name: '5 helemaal eens' });
    screen.getByText(/8 antwoorden/);
  });
});
