import { describe, expect, it } from 'vitest';
import { checkField, emptyToNull, listRules, validate } from './validation';

describe('validate', () => {
  it('mirrors the API: required, maximum length, e-mail, url and phone', () => {
    const errors = validate(
      { name: '   ', description: 'x'.repeat(501), email: 'no-at-sign', website: 'ftp://x', phone: '06-12345678' },
      {
        name: { required: true, maxLength: 200 },
        description: { maxLength: 500 },
        email: { kind: 'email' },
        website: { kind: 'url' },
        phone: { kind: 'phone' },
      },
    );
    expect(errors).toEqual({
      name: { key: 'validation.required' },
      description: { key: 'validation.maxLength', params: { max: 500 } },
      email: { key: 'validation.email' },
      website: { key: 'validation.url' },
    });
  });

  it('accepts empty optional fields and valid values', () => {
    expect(checkField('', { kind: 'email' })).toBeNull();
    expect(checkField(null, { maxLength: 3 })).toBeNull();
    expect(checkField('a@b.nl', { kind: 'email', required: true })).toBeNull();
    expect(checkField('https://www.ggd.nl', { kind: 'url' })).toBeNull();
    expect(checkField('+31 (0)30 123-4567', { kind: 'phone' })).toBeNull();
    expect(checkField('short', { minLength: 12 })).toEqual({ key: 'validation.minLength', params: { min: 12 } });
  });

  it('checks each item of a list under its own path', () => {
    const values = { contacts: [{ name: 'Sanne', email: 'sanne@woonstede.nl' }, { name: '', email: 'x' }] };
    const rules = listRules('contacts', values.contacts.length, { name: { required: true }, email: { kind: 'email' } });
    expect(Object.keys(rules)).toEqual(['contacts.0.name', 'contacts.0.email', 'contacts.1.name', 'contacts.1.email']);
    expect(validate(values, rules)).toEqual({
      'contacts.1.name': { key: 'validation.required' },
      'contacts.1.email': { key: 'validation.email' },
    });
  });

  it('keeps a date within its range, inclusive', () => {
    const rule = { required: true, minDate: '2026-01-02', maxDate: '2027-01-01' };
    expect(checkField('2026-01-02', rule)).toBeNull();
    expect(checkField('2027-01-01', rule)).toBeNull();
    expect(checkField('2026-01-01', rule)).toEqual({ key: 'validation.minDate', params: { date: '2026-01-02' } });
    expect(checkField('2027-01-02', rule)).toEqual({ key: 'validation.maxDate', params: { date: '2027-01-01' } });
  });

  it('sends empty optional text as null', () => {
    expect(emptyToNull('  ')).toBeNull();
    expect(emptyToNull(' https://x.nl ')).toBe('https://x.nl');
  });
});
