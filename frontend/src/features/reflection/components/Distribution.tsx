import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api';
import { formatNumber, itemText, shares } from '../rules';
import { RATINGS } from './RatingScale';

type StatementResult = Schemas['StatementResult'];

/**
 * A group's results as a table (the text form): per statement its mean and how many gave each
 * rating. Beside the statement a bar shows the same distribution for the eye (hidden from
 * screen readers, who have the numbers in the row).
 */
export function DistributionTable({ caption, statements, answered }: { caption: string; statements: StatementResult[]; answered: number | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <div className="kompas-table-scroll" role="region" aria-label={t('reflection.results.region', { group: caption })} tabIndex={0}>
      <Table className="kompas-table kompas-results-table">
        <TableCaption className="kompas-results-caption">
          {/* The heading above names the group for the eye; the caption names the table for everyone. */}
          <span className="visually-hidden">{caption}: </span>
          {answered !== null && t('reflection.results.answered', { count: answered })}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('reflection.results.statement')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('reflection.results.mean')}</TableHeaderCell>
            {RATINGS.map((rating) => (
              <TableHeaderCell key={rating} scope="col" className="kompas-number">
                {rating}{' '}
                <span className="visually-hidden">{t(`reflection.scale.${rating}`)}</span>
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {statements.map((statement) => {
            const percents = shares(statement.distribution);
            return (
              <TableRow key={statement.key}>
                <TableHeaderCell scope="row" className="kompas-results-statement">
                  {itemText(statement, language)}
                  <span className="kompas-bar" aria-hidden="true">
                    {percents.map((percent, index) =>
                      percent > 0 ? <span key={index} className={`kompas-bar__part kompas-bar__part--${index + 1}`} style={{ width: `${percent}%` }} /> : null,
                    )}
                  </span>
                </TableHeaderCell>
                <TableCell className="kompas-number kompas-mean">{formatNumber(statement.mean, language)}</TableCell>
                {statement.distribution.map((count, index) => (
                  <TableCell key={index} className="kompas-number">
                    {count}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

/** The key to the bars' colours, for sighted readers. */
export function BarLegend() {
  const { t } = useTranslation();
  return (
    <ul className="kompas-bar-legend" aria-hidden="true">
      {RATINGS.map((rating) => (
        <li key={rating}>
          <span className={`kompas-bar__swatch kompas-bar__part--${rating}`} /> {rating} {t(`reflection.scale.${rating}`)}
        </li>
      ))}
    </ul>
  );
}
