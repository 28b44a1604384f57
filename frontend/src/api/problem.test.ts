import { describe, expect, it } from 'vitest';
import { mapProblemToFields, type Problem } from './problem';

const problem = (invalidParams: Problem['invalidParams'], detail = 'Invalid request.'): Problem => ({
  type: 'about:blank',
  title: 'Bad Request',
  status: 400,
  detail,
  instance: '/api/v1/partners',
  invalidParams,
});

describe('mapProblemToFields', () => {
  it('puts each invalid parameter next to the field of the same path', () => {
    const mapped = mapProblemToFields(
      problem([
        { name: 'name', reason: 'String should have at most 200 characters.', code: 'string_too_long' },
        { name: 'contacts.0.email', reason: 'String should match pattern.', code: 'string_pattern_mismatch' },
      ]),
      ['name', 'description', 'contacts', 'contacts.0.email'],
    );
    expect(mapped.fields).toEqual({
      name: { key: 'validation.server.string_too_long' },
      'contacts.0.email': { key: 'validation.server.string_pattern_mismatch' },
    });
    expect(mapped.general).toEqual([]);
  });

  it('falls back to the nearest enclosing field the form has', () => {
    const mapped = mapProblemToFields(problem([{ name: 'contacts.3.fax', reason: 'Unknown field.', code: 'extra_forbidden' }]), [
      'contacts',
    ]);
    expect(mapped.fields).toEqual({ contacts: { text: 'Unknown field.' } });
  });

  it('uses the reason of the API for codes it has no text for', () => {
    const mapped = mapProblemToFields(problem([{ name: 'website', reason: 'Not reachable.', code: 'unreachable' }]), ['website']);
    expect(mapped.fields.website).toEqual({ text: 'Not reachable.' });
  });

  it('lists parameters that no field holds above the form', () => {
    const mapped = mapProblemToFields(problem([{ name: 'sort', reason: "Unknown sort key 'x'.", code: 'unknown-sort-key' }]), ['name']);
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toEqual([{ text: "sort: Unknown sort key 'x'." }]);
  });

  it('keeps the first message when a field has several', () => {
    const mapped = mapProblemToFields(
      problem([
        { name: 'name', reason: 'Field required.', code: 'missing' },
        { name: 'name', reason: 'Already in use.', code: 'duplicate' },
      ]),
      ['name'],
    );
    expect(mapped.fields.name).toEqual({ key: 'validation.server.missing' });
  });

  it('maps API names to the names of the form through aliases', () => {
    const mapped = mapProblemToFields(problem([{ name: 'title', reason: 'Field required.', code: 'missing' }]), ['label'], {
      title: 'label',
    });
    expect(mapped.fields).toEqual({ label: { key: 'validation.server.missing' } });
  });

  it('shows the detail of a problem without invalid parameters', () => {
    expect(mapProblemToFields(problem([], 'The party is in use.'), ['name']).general).toEqual([{ text: 'The party is in use.' }]);
    expect(mapProblemToFields({ status: 500 }, ['name']).general).toEqual([{ key: 'errors.unexpected' }]);
  });
});
