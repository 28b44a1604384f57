import { describe, expect, it } from 'vitest';
import { isErased, personalDataFileName } from './api';

describe('the person’s own data', () => {
  it('names the download after the day it was made', () => {
    expect(personalDataFileName('2026-12-07T02:15:00.123456Z')).toBe('kompas-mijn-gegevens-20261207.json');
  });

  it('recognises an erased person by the address the API gives them instead', () => {
    expect(isErased({ email: 'erased:0b6f1c52-1a7e-4d7c-9a55-0f3c1b2a9d11' })).toBe(true);
    expect(isErased({ email: 'jeroen@voorbeeld.nl' })).toBe(false);
  });
});
