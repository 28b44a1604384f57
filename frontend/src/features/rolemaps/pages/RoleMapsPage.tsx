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
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import { TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { usePhases } from '../../compass/api';
import { useRoleMaps } from '../api';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** The role maps of the organisation (a partner: those its party takes part in), searchable. */
export default function RoleMapsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, update] = useSearchParamUpdate();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const maps = useRoleMaps(q);
  const phases = usePhases();
  const phaseNames = new Map(phases.items.map((phase) => [phase.id, phase.name]));

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <>
      <PageHeading>{t('roleMaps.title')}</PageHeading>
      <Paragraph>{t('roleMaps.intro')}</Paragraph>
      {can.edit(me.data?.role) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/role-maps/new">{t('roleMaps.new')}</ButtonRouterLink>
        </div>
      )}
      <form role="search" aria-label={t('roleMaps.searchLabel')} onSubmit={onSearch} className="kompas-filters">
        <TextField name="q" label={t('roleMaps.search')} filter value={search} onChange={setSearch} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('roleMaps.searchButton')}
        </Button>
      </form>
      {maps.isPending ? (
        <Loading />
      ) : maps.isError ? (
        <LoadError error={maps.error} />
      ) : maps.items.length === 0 ? (
        <Paragraph role="status">{q ? t('roleMaps.noResults') : t('roleMaps.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('roleMaps.resultCount', { count: maps.items.length })}
          </p>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('roleMaps.title')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('roleMaps.columns.title')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('roleMaps.columns.theme')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('roleMaps.columns.phase')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('roleMaps.columns.parties')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {maps.items.map((map) => (
                <TableRow key={map.id}>
                  <TableCell>
                    <RouterLink to={`/role-maps/${map.id}`}>{map.title}</RouterLink>
                    {map.description && <div className="kompas-muted">{map.description}</div>}
                  </TableCell>
                  <TableCell>{map.theme || '—'}</TableCell>
                  <TableCell>{(map.phaseId && phaseNames.get(map.phaseId)) || '—'}</TableCell>
                  <TableCell>{t('roleMaps.partyCount', { count: map.partyIds.length })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={maps} />
        </>
      )}
    </>
  );
}
