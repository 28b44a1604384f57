import type { Schemas } from '../../api';

/**
 * The role-map matrix as the page shows and edits it: tasks × parties, each cell holding the RACI
 * roles of one party on one task in one view. Pure functions, so the logic is tested apart from
 * React (matrix.test.ts).
 */

export type RaciRole = Schemas['RaciRole'];
export type Matrix = Schemas['Matrix'];
export type Analysis = Schemas['AnalysisOut'];
export type Finding = Schemas['FindingRead'];
export type FindingKind = Schemas['FindingKind'];
export type Assignment = Schemas['AssignmentIn'];

/** RACI in its usual order; cells list their roles in this order. */
export const RACI: readonly RaciRole[] = ['responsible', 'accountable', 'consulted', 'informed'];
export const LETTERS: Record<RaciRole, string> = { responsible: 'R', accountable: 'A', consulted: 'C', informed: 'I' };

/** The finding kinds in the order the analysis lists them. */
export const FINDING_KINDS: readonly FindingKind[] = [
  'no-accountable',
  'multiple-accountable',
  'no-responsible',
  'ball-elsewhere',
  'views-disagree',
  'deviates-from-agreement',
];

/** `agreed`, or the id of the party whose view it is. */
export type Perspective = string;
export const AGREED = 'agreed';

// --- a view as a set of rows ------------------------------------------------------------------

/** A view: the set of its rows, each `taskId|partyId|role`. Sets make toggling and diffing plain. */
export type View = ReadonlySet<string>;

const SEP = '|';
export const rowKey = (taskId: string, partyId: string, role: RaciRole) => [taskId, partyId, role].join(SEP);
export const cellKey = (taskId: string, partyId: string) => [taskId, partyId].join(SEP);

function parseRow(key: string): Assignment {
  const [taskId, partyId, role] = key.split(SEP);
  return { taskId, partyId, role: role as RaciRole };
}

export function viewFromAssignments(assignments: readonly Assignment[]): Set<string> {
  return new Set(assignments.map((a) => rowKey(a.taskId, a.partyId, a.role)));
}

export function viewFromMatrix(matrix: Matrix): Set<string> {
  const view = new Set<string>();
  for (const row of matrix.rows) {
    for (const [partyId, roles] of Object.entries(row.cells)) {
      for (const role of roles) view.add(rowKey(row.taskId, partyId, role));
    }
  }
  return view;
}

/** The roles of one party on one task in a view, in RACI order. */
export function rolesIn(view: View, taskId: string, partyId: string): RaciRole[] {
  return RACI.filter((role) => view.has(rowKey(taskId, partyId, role)));
}

/** The view with one role of one cell switched on or off. */
export function toggleRole(view: View, taskId: string, partyId: string, role: RaciRole): Set<string> {
  const next = new Set(view);
  const key = rowKey(taskId, partyId, role);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

export interface ViewDiff {
  added: Assignment[];
  removed: Assignment[];
}

const byRow = (a: Assignment, b: Assignment) =>
  a.taskId.localeCompare(b.taskId) || a.partyId.localeCompare(b.partyId) || RACI.indexOf(a.role) - RACI.indexOf(b.role);

/** What the user changed: rows added to and removed from the view they started from. */
export function diffViews(base: View, mine: View): ViewDiff {
  return {
    added: [...mine].filter((key) => !base.has(key)).map(parseRow).sort(byRow),
    removed: [...base].filter((key) => !mine.has(key)).map(parseRow).sort(byRow),
  };
}

/** The cells (`taskId|partyId`) whose roles differ between two views. */
export function changedCells(a: View, b: View): Set<string> {
  const cells = new Set<string>();
  for (const key of a) if (!b.has(key)) cells.add(key.split(SEP).slice(0, 2).join(SEP));
  for (const key of b) if (!a.has(key)) cells.add(key.split(SEP).slice(0, 2).join(SEP));
  return cells;
}

/**
 * The body of `PUT /role-maps/{id}/perspectives/{perspective}`: the whole view, in a stable order.
 * Rows of tasks or parties no longer in the map (removed by someone else meanwhile) are left out,
 * because the API would refuse the whole view for them.
 */
export function toPerspectiveBody(
  view: View,
  taskIds: Iterable<string>,
  partyIds: Iterable<string>,
): Schemas['PerspectiveWrite'] {
  const tasks = new Set(taskIds);
  const parties = new Set(partyIds);
  const assignments = [...view]
    .map(parseRow)
    .filter((a) => tasks.has(a.taskId) && parties.has(a.partyId) && RACI.includes(a.role))
    .sort(byRow);
  return { assignments };
}

export interface ViewMerge {
  view: Set<string>;
  /** Cells that both the user and someone else changed: the user's roles are kept, shown for a check. */
  conflicts: string[];
}

/**
 * After a 412: a three-way merge per row, as lib/conflict.ts does per field. A row the user
 * switched keeps the user's choice; every other row takes the latest version. A cell both changed
 * is reported, so the page can point at it.
 */
export function mergeViews(base: View, mine: View, latest: View): ViewMerge {
  const view = new Set<string>();
  const keys = new Set([...base, ...mine, ...latest]);
  for (const key of keys) {
    const userChanged = mine.has(key) !== base.has(key);
    if (userChanged ? mine.has(key) : latest.has(key)) view.add(key);
  }
  const mineCells = changedCells(base, mine);
  const theirCells = changedCells(base, latest);
  const conflicts = [...mineCells].filter((cell) => theirCells.has(cell)).sort();
  return { view, conflicts };
}

// --- the grid ---------------------------------------------------------------------------------

export interface GridCell {
  partyId: string;
  roles: RaciRole[];
  /** The party is named by a finding on this task. */
  flagged: boolean;
}

export interface GridRow {
  taskId: string;
  title: string;
  cluster: string;
  findings: Finding[];
  cells: GridCell[];
}

export interface GridGroup {
  /** The cluster of these tasks; '' for tasks without one. */
  cluster: string;
  rows: GridRow[];
}

export interface Grid {
  parties: Schemas['MatrixParty'][];
  groups: GridGroup[];
  /** Tasks without findings / all tasks, as the analysis counts it. */
  rowCount: number;
}

/**
 * The sparse matrix of the API (a row lists only the parties with a role) as a full grid: every
 * party a column, every task a row, consecutive tasks of one cluster grouped (the order of the
 * tasks is kept, so a cluster that comes back later is a new group). `view` replaces the matrix's
 * roles while the user edits; `analysis` marks the rows and cells that findings name.
 */
export function buildGrid(matrix: Matrix, analysis?: Analysis | null, view?: View | null): Grid {
  const findingsOf = new Map((analysis?.tasks ?? []).map((task) => [task.taskId, task.findings]));
  const groups: GridGroup[] = [];
  for (const row of matrix.rows) {
    const findings = findingsOf.get(row.taskId) ?? [];
    const named = new Set(findings.flatMap((finding) => finding.partyIds));
    const cells = matrix.parties.map((party) => ({
      partyId: party.id,
      roles: view ? rolesIn(view, row.taskId, party.id) : RACI.filter((role) => (row.cells[party.id] ?? []).includes(role)),
      flagged: named.has(party.id),
    }));
    const gridRow: GridRow = { taskId: row.taskId, title: row.title, cluster: row.cluster, findings, cells };
    const last = groups.at(-1);
    if (last && last.cluster === row.cluster) last.rows.push(gridRow);
    else groups.push({ cluster: row.cluster, rows: [gridRow] });
  }
  return { parties: matrix.parties, groups, rowCount: matrix.rows.length };
}

/** Clarity (0–1) as a whole percentage, never rounding an unclear map up to 100%. */
export function clarityPercent(clarity: number): number {
  const percent = Math.round(clarity * 100);
  return percent === 100 && clarity < 1 ? 99 : percent;
}

// --- keyboard ---------------------------------------------------------------------------------

export interface Position {
  row: number;
  col: number;
}

/**
 * Where the arrow keys lead in a grid of `rows` × `cols` controls (roving tabindex): one step
 * left, right, up or down, Home/End to the row's ends, Ctrl+Home/End to the grid's corners; the
 * edges stop (no wrapping). Null for a key the grid does not handle.
 */
export function nextPosition(
  at: Position,
  key: string,
  rows: number,
  cols: number,
  ctrl = false,
): Position | null {
  if (rows === 0 || cols === 0) return null;
  const clamp = (row: number, col: number) => ({
    row: Math.min(Math.max(row, 0), rows - 1),
    col: Math.min(Math.max(col, 0), cols - 1),
  });
  switch (key) {
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : clamp(at.row, 0);
    case 'End':
      return ctrl ? clamp(rows - 1, cols - 1) : clamp(at.row, cols - 1);
    default:
      return null;
  }
}

/** The matrix with the roles of a view just saved, so the page shows it before the refetch. */
export function applyViewToMatrix(matrix: Matrix, assignments: readonly Assignment[]): Matrix {
  const view = viewFromAssignments(assignments);
  return {
    ...matrix,
    rows: matrix.rows.map((row) => {
      const cells: Record<string, RaciRole[]> = {};
      for (const party of matrix.parties) {
        const roles = rolesIn(view, row.taskId, party.id);
        if (roles.length > 0) cells[party.id] = roles;
      }
      return { ...row, cells };
    }),
  };
}

// --- problems of a refused view ---------------------------------------------------------------

export interface ViewProblem {
  /** The task and party of the row the API names (`assignments.{index}…`), when it names one. */
  task: string | null;
  party: string | null;
  reason: string;
  code: string;
}

/**
 * The API's `invalidParams` for a refused PUT of a view, with each row index turned back into the
 * task and party the user sees (the index is a position in the body that was sent).
 */
export function viewProblems(
  invalidParams: readonly { name: string; reason: string; code: string }[],
  body: Schemas['PerspectiveWrite'],
  taskTitles: ReadonlyMap<string, string>,
  partyNames: ReadonlyMap<string, string>,
): ViewProblem[] {
  return invalidParams.map((param) => {
    const match = /^(?:body\.)?assignments\.(\d+)/.exec(param.name);
    const row = match ? body.assignments[Number(match[1])] : undefined;
    return {
      task: row ? (taskTitles.get(row.taskId) ?? row.taskId) : null,
      party: row ? (partyNames.get(row.partyId) ?? row.partyId) : null,
      reason: param.reason,
      code: param.code,
    };
  });
}
