import { describe, expect, it } from 'vitest';
import { mergeAfterConflict } from './conflict';

describe('mergeAfterConflict (after a 412)', () => {
  const base = { name: 'Jeugd', description: 'Oud', website: '' };

  it('keeps what the user typed and takes what only the other person changed', () => {
    const mine = { ...base, name: 'Jeugd en Onderwijs' };
    const latest = { ...base, description: 'Nieuw van een collega' };
    expect(mergeAfterConflict(base, mine, latest)).toEqual({
      values: { name: 'Jeugd en Onderwijs', description: 'Nieuw van een collega', website: '' },
      conflicts: [],
    });
  });

  it('reports fields both changed differently, keeping the user text', () => {
    const mine = { ...base, description: 'Mijn tekst' };
    const latest = { ...base, description: 'Hun tekst' };
    const merged = mergeAfterConflict(base, mine, latest);
    expect(merged.values.description).toBe('Mijn tekst');
    expect(merged.conflicts).toEqual(['description']);
  });

  it('does not report a field both changed to the same value', () => {
    const mine = { ...base, name: 'Zelfde' };
    expect(mergeAfterConflict(base, mine, { ...base, name: 'Zelfde' }).conflicts).toEqual([]);
  });

  it('compares lists such as contacts by content', () => {
    const contactsBase = { contacts: [{ name: 'A' }] };
    const mine = { contacts: [{ name: 'A' }] };
    const latest = { contacts: [{ name: 'A' }, { name: 'B' }] };
    expect(mergeAfterConflict(contactsBase, mine, latest).values.contacts).toEqual([{ name: 'A' }, { name: 'B' }]);
  });
});
