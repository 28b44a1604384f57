import {
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { CheckboxField, SelectField, TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { usePhases } from '../../compass/api';
import { AGENDA_SORTS, AGENDA_STATUSES, useAgendaItems } from '../api';
import { BallBadges } from '../../joint/components/BallBadges';
import { StatusBadge } from '../components/AgendaBadges';
import { filtersFromParams, filtersToParams, isFiltered, type AgendaFilters } from '../filters';
import { mayCreate } from '../rules';
import { usePartyNames } from '../../joint/usePartyNames';
import { formatDate } from '../../joint/format';
import '../../joint/joint.css';

/** The joint future agenda: filters, search and sort live in the URL. */
export default function AgendaPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [search, setSearch] = useState(filters.q ?? '');
  const items = useAgendaItems(filters);
  const names = usePartyNames();
  const phases = usePhases();
  const phaseName = new Map(phases.items.map((phase) => [phase.id, phase.name]));

  const update = (changes: Partial<AgendaFilters>) => setParams(filtersToParams({ ...filters, ...changes }), { replace: true });
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() || undefined });
  };
  const partyOptions = [{ value: '', label: t('agenda.filters.anyParty') }, ...names.parties.map((p) => ({ value: p.id, label: p.name }))];

  return (
    <>
      <PageHeading>{t('agenda.title')}</PageHeading>
      <Paragraph>{t('agenda.intro')}</Paragraph>
      {mayCreate(me.data) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/agenda/new">{t('agenda.new')}</ButtonRouterLink>
        </div>
      )}
      <form role="search" aria-label={t('agenda.filters.label')} onSubmit={onSearch} className="kompas-filters kompas-agenda-filters">
        <TextField name="q" label={t('agenda.filters.search')} filter value={search} onChange={setSearch} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('agenda.filters.searchButton')}
        </Button>
        <SelectField
          name="status"
          label={t('agenda.status')}
          filter
          value={filters.status ?? ''}
          onChange={(value) => update({ status: (value || undefined) as AgendaFilters['status'] })}
          error={null}
          options={[{ value: '', label: t('agenda.filters.anyStatus') }, ...AGENDA_STATUSES.map((s) => ({ value: s, label: t(`agenda.statuses.${s}`) }))]}
        />
        <SelectField
          name="phaseId"
          label={t('agenda.phase')}
          filter
          value={filters.phaseId ?? ''}
          onChange={(value) => update({ phaseId: value || undefined })}
          error={null}
          options={[{ value: '', label: t('agenda.filters.anyPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          name="leadPartyId"
          label={t('agenda.leadParty')}
          filter
          value={filters.leadPartyId ?? ''}
          onChange={(value) => update({ leadPartyId: value || undefined })}
          error={null}
          options={partyOptions}
        />
        <SelectField
          name="ballHolderId"
          label={t('agenda.filters.ballHolder')}
          filter
          value={filters.ballHolderId ?? ''}
          onChange={(value) => update({ ballHolderId: value || undefined })}
          error={null}
          options={partyOptions}
        />
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={filters.sort ?? '-updatedAt'}
          onChange={(value) => update({ sort: value })}
          error={null}
          options={AGENDA_SORTS.map((value) => ({ value, label: t(`agenda.sorts.${value}`) }))}
        />
        <CheckboxField
          name="stalled"
          label={t('agenda.filters.stalledOnly')}
          value={Boolean(filters.stalled)}
          onChange={(value) => update({ stalled: value || undefined })}
          error={null}
        />
      </form>

      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <LoadError error={items.error} />
      ) : items.items.length === 0 ? (
        <Paragraph role="status">{isFiltered(filters) ? t('agenda.noResults') : t('agenda.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('agenda.resultCount', { count: items.items.length })}
          </p>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('agenda.tableCaption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('agenda.titleField')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.phase')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.leadParty')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.ball.title')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.progress')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.items.map((item) => (
                <TableRow key={item.id}>
                  <TableCell>
                    <RouterLink to={`/agenda/${item.id}`}>{item.title}</RouterLink>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={item.status} />
                  </TableCell>
                  <TableCell>{item.phaseId ? (phaseName.get(item.phaseId) ?? '—') : '—'}</TableCell>
                  <TableCell>{names.name(item.leadPartyId)}</TableCell>
                  <TableCell>
                    <BallBadges item={item} partyName={names.name} />
                  </TableCell>
                  <TableCell>{[item.horizon, item.targetDate && formatDate(item.targetDate, i18n.language)].filter(Boolean).join(' · ') || '—'}</TableCell>
                  <TableCell>{t('agenda.percent', { value: item.progress })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={items} />
        </>
      )}
    </>
  );
}

