import { describe, expect, it } from 'vitest';
import { csvProblems, fileNameOf } from './csv';

describe('csvProblems', () => {
  it('gives every bad row its line number and column, sorted by line', () => {
    const problems = csvProblems({
      status: 400,
      detail: '3 problem(s) in the file; nothing was imported.',
      invalidParams: [
        { name: 'line.7.role', reason: 'Use responsible, accountable, consulted or informed (R, A, C, I).', code: 'role' },
        { name: 'line.3.party', reason: "'Gemeente X' does not take part in this map.", code: 'unknown-party' },
        { name: 'line.3.role', reason: 'Use responsible, …', code: 'role' },
        { name: 'task', reason: 'Only coordinators add tasks.', code: 'forbidden' },
        { name: 'perspective.p-1', reason: "You can give your own party's view only.", code: 'forbidden' },
      ],
    });
    expect(problems.map((p) => [p.line, p.column, p.code, p.perspective])).toEqual([
      [null, null, 'forbidden', null],
      [null, null, 'forbidden', 'p-1'],
      [3, 'party', 'unknown-party', null],
      [3, 'role', 'role', null],
      [7, 'role', 'role', null],
    ]);
  });

  it('reads the header problem as line 1 and has nothing for a problem without parameters', () => {
    expect(csvProblems({ invalidParams: [{ name: 'line.1.header', reason: 'Expected: …', code: 'header' }] })[0]).toMatchObject({
      line: 1,
      column: 'header',
    });
    expect(csvProblems({ status: 403, detail: 'Forbidden' })).toEqual([]);
    expect(csvProblems(null)).toEqual([]);
  });
});

describe('fileNameOf', () => {
  it('takes the file name the API suggests', () => {
    expect(fileNameOf('attachment; filename="rolkaart-123.csv"', 'x.csv')).toBe('rolkaart-123.csv');
    expect(fileNameOf(null, 'x.csv')).toBe('x.csv');
  });
});
