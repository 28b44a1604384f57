import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cellKey, LETTERS, nextPosition, RACI, type Grid, type GridCell, type GridRow, type Position, type RaciRole } from '../matrix';

/**
 * The matrix of one view: a real table, tasks as row headers, parties as column headers, tasks
 * grouped by cluster. Read-only it shows each cell's roles as letters with their names for screen
 * readers; editing, each cell has a toggle button per RACI role, reached with the arrow keys
 * (one tab stop for the whole grid, a roving tabindex) and switched with Space or Enter.
 */
export function MatrixTable({
  grid,
  caption,
  captionId,
  editing,
  onToggle,
  changed,
  conflicts,
}: {
  grid: Grid;
  caption: string;
  captionId?: string;
  editing: boolean;
  onToggle: (taskId: string, partyId: string, role: RaciRole) => void;
  /** Cells (`taskId|partyId`) the user changed and has not saved. */
  changed?: ReadonlySet<string>;
  /** Cells someone else changed too (after a 412 and reload). */
  conflicts?: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const tableRef = useRef<HTMLTableElement>(null);
  const [active, setActive] = useState<Position>({ row: 0, col: 0 });
  const rows = grid.groups.flatMap((group) => group.rows);
  const cols = grid.parties.length * RACI.length;
  const columnCount = grid.parties.length + 2;
  // The index of each group's first row among all rows: the row of a toggle's grid position.
  const offsets = grid.groups.map((_, g) => grid.groups.slice(0, g).reduce((sum, group) => sum + group.rows.length, 0));

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, at: Position) => {
    const next = nextPosition(at, event.key, rows.length, cols, event.ctrlKey || event.metaKey);
    if (!next) return;
    event.preventDefault();
    setActive(next);
    tableRef.current?.querySelector<HTMLButtonElement>(`[data-pos="${next.row}:${next.col}"]`)?.focus();
  };

  const renderCell = (row: GridRow, cell: GridCell, partyIndex: number, index: number) => {
    const party = grid.parties[partyIndex];
    const key = cellKey(row.taskId, cell.partyId);
    const isChanged = changed?.has(key) ?? false;
    const isConflict = conflicts?.has(key) ?? false;
    const className = [
      'kompas-matrix__cell',
      cell.flagged ? 'kompas-matrix__cell--flagged' : '',
      isChanged ? 'kompas-matrix__cell--changed' : '',
      isConflict ? 'kompas-matrix__cell--conflict' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return (
      <td key={cell.partyId} className={className}>
        {editing ? (
          <span className="kompas-raci-toggles">
            {RACI.map((role, roleIndex) => {
              const pos = { row: index, col: partyIndex * RACI.length + roleIndex };
              const on = cell.roles.includes(role);
              return (
                <button
                  key={role}
                  type="button"
                  className={`kompas-raci-toggle kompas-raci--${role}`}
                  aria-pressed={on}
                  aria-label={t('roleMaps.matrix.toggle', { task: row.title, party: party.name, role: t(`roleMaps.raci.${role}`) })}
                  title={t(`roleMaps.raci.${role}`)}
                  data-pos={`${pos.row}:${pos.col}`}
                  tabIndex={active.row === pos.row && active.col === pos.col ? 0 : -1}
                  onFocus={() => setActive(pos)}
                  onKeyDown={(event) => onKeyDown(event, pos)}
                  onClick={() => onToggle(row.taskId, cell.partyId, role)}
                >
                  {LETTERS[role]}
                </button>
              );
            })}
          </span>
        ) : cell.roles.length === 0 ? (
          <>
            <span aria-hidden="true" className="kompas-matrix__empty">
              ·
            </span>
            <span className="visually-hidden">{t('roleMaps.noRole')}</span>
          </>
        ) : (
          <span className="kompas-raci-list">
            {cell.roles.map((role) => (
              <span key={role} className={`kompas-raci kompas-raci--${role}`} title={t(`roleMaps.raci.${role}`)}>
                <span aria-hidden="true">{LETTERS[role]}</span>
                <span className="visually-hidden">{t(`roleMaps.raci.${role}`)}</span>
              </span>
            ))}
          </span>
        )}
        {cell.flagged && (
          <span className="kompas-matrix__mark">
            <span aria-hidden="true">!</span>
            <span className="visually-hidden">{t('roleMaps.matrix.flagged')}</span>
          </span>
        )}
        {isChanged && (
          <span className="kompas-matrix__mark kompas-matrix__mark--changed">
            <span aria-hidden="true">*</span>
            <span className="visually-hidden">{t(isConflict ? 'roleMaps.matrix.conflictMark' : 'roleMaps.matrix.changed')}</span>
          </span>
        )}
      </td>
    );
  };

  return (
    <table ref={tableRef} className={`kompas-matrix${editing ? ' kompas-matrix--editing' : ''}`}>
      <caption id={captionId}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('roleMaps.matrix.task')}</th>
          {grid.parties.map((party) => (
            <th key={party.id} scope="col">
              {party.name}
            </th>
          ))}
          <th scope="col">{t('roleMaps.matrix.findings')}</th>
        </tr>
      </thead>
      {grid.groups.map((group, groupIndex) => (
        <tbody key={`${groupIndex}-${group.cluster}`}>
          <tr className="kompas-matrix__cluster">
            <th scope="rowgroup" colSpan={columnCount}>
              {group.cluster || t('roleMaps.matrix.noCluster')}
            </th>
          </tr>
          {group.rows.map((row, rowInGroup) => {
            const index = offsets[groupIndex] + rowInGroup;
            const unclear = row.findings.length > 0;
            return (
              <tr key={row.taskId} className={unclear ? 'kompas-matrix__row--unclear' : undefined}>
                <th scope="row">{row.title}</th>
                {row.cells.map((cell, partyIndex) => renderCell(row, cell, partyIndex, index))}
                <td className="kompas-matrix__findings">
                  {unclear && editing ? (
                    // While editing, the grid is one tab stop: no links in between.
                    <span>{t('roleMaps.matrix.findingCount', { count: row.findings.length })}</span>
                  ) : unclear ? (
                    <a className="utrecht-link utrecht-link--html-a" href={`#finding-${row.taskId}`}>
                      {t('roleMaps.matrix.findingCount', { count: row.findings.length })}
                    </a>
                  ) : (
                    <span>{t('roleMaps.matrix.clear')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}
