import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column {
  key: string;
  label: string;
  numeric?: boolean;
}

/** The data of a chart as a table: a caption, column headers, and the first cell of a row as its header. */
export function DataTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Record<string, ReactNode>[] }) {
  return (
    // Scrolls sideways on a narrow screen: a region keyboard users can reach and scroll.
    <div className="kompas-chart-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <Table className="kompas-table">
        <TableCaption>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            {columns.map((column) => (
              <TableHeaderCell key={column.key} scope="col" className={column.numeric ? 'kompas-num' : undefined}>
                {column.label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={index}>
              {columns.map((column, n) =>
                n === 0 ? (
                  <TableHeaderCell key={column.key} scope="row">
                    {row[column.key]}
                  </TableHeaderCell>
                ) : (
                  <TableCell key={column.key} className={column.numeric ? 'kompas-num' : undefined}>
                    {row[column.key] ?? '—'}
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/**
 * A chart for those who would rather look, with the same figures as a table for those who would
 * rather read (and for screen readers and keyboards: the drawing itself is hidden from them).
 */
export function ChartFigure({ id, title, chart, table }: { id: string; title: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure className="kompas-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="kompas-chart-caption">
        {title}
      </figcaption>
      <div className="kompas-chart-canvas" aria-hidden="true">
        {chart}
      </div>
      <details className="kompas-chart-details">
        <summary>{t('dashboard.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}
