import { describe, expect, it } from 'vitest';
import {
  applyViewToMatrix,
  buildGrid,
  changedCells,
  clarityPercent,
  diffViews,
  mergeViews,
  nextPosition,
  rolesIn,
  rowKey,
  toggleRole,
  toPerspectiveBody,
  viewFromAssignments,
  viewFromMatrix,
  viewProblems,
  type Analysis,
  type Matrix,
} from './matrix';

const W = 'party-w';
const H = 'party-h';
const Z = 'party-z';

const matrix: Matrix = {
  perspective: 'agreed',
  parties: [
    { id: H, name: 'Woonstede', kind: 'partner' },
    { id: W, name: 'Werk en Inkomen', kind: 'department' },
  ],
  rows: [
    { taskId: 't1', title: 'Huurachterstand signaleren', cluster: 'Vroeg erbij', position: 1, cells: { [H]: ['responsible'], [W]: ['responsible', 'accountable'] } },
    { taskId: 't2', title: 'Huisbezoek', cluster: 'Vroeg erbij', position: 2, cells: {} },
    { taskId: 't3', title: 'Schuldhulp starten', cluster: 'Schulden regelen', position: 3, cells: { [W]: ['informed'] } },
    { taskId: 't4', title: 'Nazorg', cluster: 'Vroeg erbij', position: 4, cells: {} },
  ],
};

const analysis: Analysis = {
  tasks: [
    { taskId: 't1', findings: [] },
    {
      taskId: 't2',
      findings: [
        { kind: 'no-accountable', partyIds: [], explanation: { nl: 'Niemand', en: 'Nobody' } },
        { kind: 'ball-elsewhere', partyIds: [H, Z], explanation: { nl: 'Bal', en: 'Ball' } },
      ],
    },
  ],
  summary: { counts: {}, clarity: 0.5, load: [] },
};

describe('buildGrid', () => {
  it('turns the sparse matrix into a full grid: every party a column, roles in RACI order', () => {
    const grid = buildGrid(matrix);
    const first = grid.groups[0].rows[0];
    expect(first.cells).toEqual([
      { partyId: H, roles: ['responsible'], flagged: false },
      { partyId: W, roles: ['responsible', 'accountable'], flagged: false },
    ]);
    // A party without a role on a task is an empty cell, not a missing one.
    expect(grid.groups[0].rows[1].cells.map((cell) => cell.roles)).toEqual([[], []]);
    expect(grid.rowCount).toBe(4);
  });

  it('groups consecutive tasks of a cluster and keeps the order of the tasks', () => {
    const grid = buildGrid(matrix);
    expect(grid.groups.map((group) => [group.cluster, group.rows.map((row) => row.taskId)])).toEqual([
      ['Vroeg erbij', ['t1', 't2']],
      ['Schulden regelen', ['t3']],
      ['Vroeg erbij', ['t4']],
    ]);
  });

  it('marks the findings of each task and the cells of the parties they name', () => {
    const grid = buildGrid(matrix, analysis);
    const row = grid.groups[0].rows[1];
    expect(row.findings.map((finding) => finding.kind)).toEqual(['no-accountable', 'ball-elsewhere']);
    // Z does not take part (any more): it is named, but has no column.
    expect(row.cells.map((cell) => cell.flagged)).toEqual([true, false]);
    expect(grid.groups[0].rows[0].findings).toEqual([]);
    expect(grid.groups[1].rows[0].findings).toEqual([]);
  });

  it('shows the draft instead of the saved roles while the user edits', () => {
    const draft = toggleRole(viewFromMatrix(matrix), 't2', H, 'accountable');
    const grid = buildGrid(matrix, null, draft);
    expect(grid.groups[0].rows[1].cells[0].roles).toEqual(['accountable']);
    expect(grid.groups[0].rows[0].cells[1].roles).toEqual(['responsible', 'accountable']);
  });
});

describe('views as sets of rows', () => {
  it('reads a view from the matrix and from the API rows alike', () => {
    const fromRows = viewFromAssignments([
      { taskId: 't1', partyId: H, role: 'responsible' },
      { taskId: 't1', partyId: W, role: 'accountable' },
      { taskId: 't1', partyId: W, role: 'responsible' },
      { taskId: 't3', partyId: W, role: 'informed' },
    ]);
    expect(fromRows).toEqual(viewFromMatrix(matrix));
    expect(rolesIn(fromRows, 't1', W)).toEqual(['responsible', 'accountable']);
  });

  it('toggles a role on and off without touching the view it came from', () => {
    const view = viewFromMatrix(matrix);
    const on = toggleRole(view, 't2', W, 'consulted');
    expect(rolesIn(on, 't2', W)).toEqual(['consulted']);
    expect(rolesIn(view, 't2', W)).toEqual([]);
    expect(toggleRole(on, 't2', W, 'consulted')).toEqual(view);
  });

  it('diffs the edits into rows added and removed, and the cells they touch', () => {
    const base = viewFromMatrix(matrix);
    let mine = toggleRole(base, 't1', W, 'responsible');
    mine = toggleRole(mine, 't2', H, 'accountable');
    expect(diffViews(base, mine)).toEqual({
      added: [{ taskId: 't2', partyId: H, role: 'accountable' }],
      removed: [{ taskId: 't1', partyId: W, role: 'responsible' }],
    });
    expect([...changedCells(base, mine)].sort()).toEqual([`t1|${W}`, `t2|${H}`]);
    expect(diffViews(base, base)).toEqual({ added: [], removed: [] });
  });

  it('puts the whole view in the PUT body, in a stable order, without rows of tasks or parties gone', () => {
    const view = new Set([rowKey('t3', W, 'informed'), rowKey('t1', W, 'accountable'), rowKey('t1', W, 'responsible'), rowKey('gone', W, 'accountable'), rowKey('t1', Z, 'accountable')]);
    expect(toPerspectiveBody(view, ['t1', 't3'], [H, W])).toEqual({
      assignments: [
        { taskId: 't1', partyId: W, role: 'responsible' },
        { taskId: 't1', partyId: W, role: 'accountable' },
        { taskId: 't3', partyId: W, role: 'informed' },
      ],
    });
    expect(toPerspectiveBody(new Set(), ['t1'], [W])).toEqual({ assignments: [] });
  });

  it('shows a saved view in the matrix before it is read again', () => {
    const saved = applyViewToMatrix(matrix, [{ taskId: 't2', partyId: H, role: 'accountable' }]);
    expect(saved.rows.map((row) => row.cells)).toEqual([{}, { [H]: ['accountable'] }, {}, {}]);
  });
});

describe('mergeViews (after a 412)', () => {
  const base = new Set([rowKey('t1', W, 'accountable'), rowKey('t2', H, 'responsible')]);

  it('keeps every role the user switched and takes the rest from the latest version', () => {
    const mine = toggleRole(base, 't1', W, 'accountable'); // the user removed W=A on t1
    const latest = new Set([...base, rowKey('t3', H, 'informed')]); // someone added H=I on t3
    const merged = mergeViews(base, mine, latest);
    expect([...merged.view].sort()).toEqual([rowKey('t2', H, 'responsible'), rowKey('t3', H, 'informed')].sort());
    expect(merged.conflicts).toEqual([]);
  });

  it('does not bring back a row someone else removed, unless the user set it', () => {
    const latest = new Set([rowKey('t1', W, 'accountable')]); // they removed H=R on t2
    expect([...mergeViews(base, base, latest).view]).toEqual([rowKey('t1', W, 'accountable')]);
  });

  it('reports the cells both changed, keeping the user choice', () => {
    const mine = toggleRole(base, 't2', H, 'accountable'); // user: H=A too
    const latest = new Set([rowKey('t1', W, 'accountable')]); // they: H=R off
    const merged = mergeViews(base, mine, latest);
    expect(merged.conflicts).toEqual([`t2|${H}`]);
    expect(rolesIn(merged.view, 't2', H)).toEqual(['accountable']);
  });
});

describe('viewProblems', () => {
  it('names the task and party of each refused row by its index in the body', () => {
    const body = { assignments: [{ taskId: 't1', partyId: W, role: 'accountable' as const }, { taskId: 'tx', partyId: H, role: 'responsible' as const }] };
    const problems = viewProblems(
      [
        { name: 'assignments.1.taskId', reason: 'Not a task of this map.', code: 'unknown-task' },
        { name: 'perspective', reason: 'Nope.', code: 'invalid' },
      ],
      body,
      new Map([['t1', 'Huurachterstand signaleren']]),
      new Map([[H, 'Woonstede']]),
    );
    expect(problems).toEqual([
      { task: 'tx', party: 'Woonstede', reason: 'Not a task of this map.', code: 'unknown-task' },
      { task: null, party: null, reason: 'Nope.', code: 'invalid' },
    ]);
  });
});

describe('nextPosition (roving tabindex)', () => {
  it('moves one step with the arrows and stops at the edges', () => {
    expect(nextPosition({ row: 1, col: 1 }, 'ArrowRight', 3, 4)).toEqual({ row: 1, col: 2 });
    expect(nextPosition({ row: 1, col: 1 }, 'ArrowLeft', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(nextPosition({ row: 1, col: 1 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 1 });
    expect(nextPosition({ row: 1, col: 1 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 1 });
    expect(nextPosition({ row: 0, col: 0 }, 'ArrowLeft', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(nextPosition({ row: 2, col: 3 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 3 });
  });

  it('goes to the ends of the row with Home and End, of the grid with Ctrl', () => {
    expect(nextPosition({ row: 1, col: 2 }, 'Home', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(nextPosition({ row: 1, col: 2 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(nextPosition({ row: 1, col: 2 }, 'Home', 3, 4, true)).toEqual({ row: 0, col: 0 });
    expect(nextPosition({ row: 1, col: 2 }, 'End', 3, 4, true)).toEqual({ row: 2, col: 3 });
  });

  it('leaves other keys (Tab, Space, Enter) to the browser', () => {
    expect(nextPosition({ row: 0, col: 0 }, 'Tab', 3, 4)).toBeNull();
    expect(nextPosition({ row: 0, col: 0 }, ' ', 3, 4)).toBeNull();
    expect(nextPosition({ row: 0, col: 0 }, 'ArrowUp', 0, 0)).toBeNull();
  });
});

describe('clarityPercent', () => {
  it('rounds, but never shows an unclear map as 100% clear', () => {
    expect(clarityPercent(0.333)).toBe(33);
    expect(clarityPercent(0.996)).toBe(99);
    expect(clarityPercent(1)).toBe(100);
    expect(clarityPercent(0)).toBe(0);
  });
});
