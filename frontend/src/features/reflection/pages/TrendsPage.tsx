import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Schemas } from '../../../api';
import { SelectField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { formatDate } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { useTrends } from '../api';
import { Suppressed } from '../components/Suppressed';
import { formatNumber, itemText } from '../rules';
import { pointIn, trendColumns } from '../trends';
import '../../joint/joint.css';
import '../reflection.css';

/** The same statements across rounds, for everyone together and per party, with the change since the previous round. */
export default function TrendsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const partyId = params.get('partyId') ?? '';
  const trends = useTrends(partyId);
  const names = usePartyNames();
  return (
    <>
      <PageHeading>{t('reflection.trends.title')}</PageHeading>
      <Paragraph>{t('reflection.trends.intro')}</Paragraph>
      <Paragraph>
        <RouterLink to="/reflection">{t('reflection.backToRounds')}</RouterLink>
      </Paragraph>
      <form className="kompas-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('reflection.trends.filter')}>
        <SelectField
          name="partyId"
          label={t('reflection.trends.party')}
          filter
          value={partyId}
          error={null}
          onChange={(value) => setParams(value ? { partyId: value } : {}, { replace: true })}
          options={[{ value: '', label: t('reflection.trends.allParties') }, ...names.parties.map((party) => ({ value: party.id, label: party.name }))]}
        />
      </form>
      {trends.isPending ? (
        <Loading />
      ) : trends.isError ? (
        <LoadError error={trends.error} />
      ) : trends.data.groups.every((group) => group.statements.length === 0) ? (
        <Paragraph role="status">{t('reflection.trends.empty')}</Paragraph>
      ) : (
        <>
          <Paragraph className="kompas-muted">{t('reflection.trends.rule', { k: trends.data.minGroup })}</Paragraph>
          {trends.data.groups.map((group) => {
            const name = group.partyId ? names.name(group.partyId) : t('reflection.everyone');
            return (
              <Section key={group.partyId ?? 'everyone'} id={`trend-${group.partyId ?? 'everyone'}`} title={name}>
                <TrendTable group={group} caption={t('reflection.trends.caption', { group: name })} minGroup={trends.data.minGroup} />
              </Section>
            );
          })}
        </>
      )}
    </>
  );
}

function TrendTable({ group, caption, minGroup }: { group: Schemas['TrendGroup']; caption: string; minGroup: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const columns = trendColumns(group);
  if (columns.length === 0) return <Paragraph>{t('reflection.trends.empty')}</Paragraph>;
  const points = group.statements.flatMap((statement) => statement.points);
  const reasons = new Set(points.filter((point) => point.suppressed).map((point) => point.reason ?? 'too-few-answers'));
  return (
    <>
      <div className="kompas-table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <Table className="kompas-table kompas-trend-table">
          <TableCaption className="visually-hidden">{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('reflection.results.statement')}</TableHeaderCell>
              {columns.map((column) => (
                <TableHeaderCell key={column.roundId} scope="col">
                  {column.title}
                  <span className="kompas-trend-date">{formatDate(column.closesOn, language)}</span>
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {group.statements.map((statement) => (
              <TableRow key={statement.key}>
                <TableHeaderCell scope="row">{itemText(statement, language)}</TableHeaderCell>
                {columns.map((column) => {
                  const point = pointIn(statement, column.roundId);
                  return (
                    <TableCell key={column.roundId} className="kompas-trend-cell">
                      {!point ? (
                        <span className="kompas-muted">{t('reflection.trends.notAsked')}</span>
                      ) : point.suppressed || point.mean === null ? (
                        <span className="kompas-suppressed-cell">{t('reflection.suppressed.title')}</span>
                      ) : (
                        <>
                          <span className="kompas-mean">{formatNumber(point.mean, language)}</span>
                          {point.change !== null && (
                            <span className={`kompas-change kompas-change--${point.change > 0 ? 'up' : point.change < 0 ? 'down' : 'same'}`}>
                              <span aria-hidden="true">{point.change > 0 ? '▲' : point.change < 0 ? '▼' : '='} </span>
                              {t('reflection.trends.change', { change: formatNumber(point.change, language, true) })}
                            </span>
                          )}
                        </>
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {[...reasons].map((reason) => (
        <Suppressed key={reason} reason={reason} minGroup={minGroup} />
      ))}
    </>
  );
}
