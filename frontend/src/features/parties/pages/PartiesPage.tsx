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
import { SelectField, TextField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { PARTY_SORTS, useParties, type PartyKind } from '../api';
import { LoadMore } from '../../../components/LoadMore';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** Departments and partners: search, filter by kind, sort; the state lives in the URL. */
export default function PartiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, update] = useSearchParamUpdate();
  const q = params.get('q') ?? '';
  const kind = (params.get('kind') as PartyKind | null) ?? undefined;
  const sort = params.get('sort') ?? 'name';
  const [search, setSearch] = useState(q);
  const parties = useParties({ q, kind, sort });

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  const items = parties.items;

  return (
    <>
      <PageHeading>{t('parties.title')}</PageHeading>
      <Paragraph>{t('parties.intro')}</Paragraph>
      {can.edit(me.data?.role) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/parties/departments/new">{t('parties.newDepartment')}</ButtonRouterLink>
          <ButtonRouterLink to="/parties/partners/new">{t('parties.newPartner')}</ButtonRouterLink>
        </div>
      )}
              <form role="search" aria-label={t('parties.searchLabel')} onSubmit={onSearch} className="kompas-filters">
          <TextField name="q" label={t('parties.search')} filter value={search} onChange={setSearch} error={null} />
          <Button type="submit" appearance="secondary-action-button">
            {t('parties.searchButton')}
          </Button>
          <SelectField
            name="kind"
            label={t('parties.kindFilter')}
            filter
            value={kind ?? ''}
            onChange={(value) => update({ kind: value })}
            error={null}
            options={[
              { value: '', label: t('parties.allKinds') },
              { value: 'department', label: t('parties.kinds.department') },
              { value: 'partner', label: t('parties.kinds.partner') },
            ]}
          />
          <SelectField
            name="sort"
            label={t('parties.sort')}
            filter
            value={sort}
            onChange={(value) => update({ sort: value })}
            error={null}
            options={PARTY_SORTS.map((value) => ({ value, label: t(`parties.sorts.${value}`) }))}
          />
        </form>

      {parties.isPending ? (
        <Loading />
      ) : parties.isError ? (
        <LoadError error={parties.error} />
      ) : items.length === 0 ? (
        <Paragraph role="status">{q || kind ? t('parties.noResults') : t('parties.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('parties.resultCount', { count: items.length })}
          </p>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('parties.tableCaption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('parties.kind')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('parties.organisationType')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('common.description')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((party) => (
                <TableRow key={party.id}>
                  <TableCell>
                    <RouterLink to={`/parties/${party.id}`}>{party.name}</RouterLink>
                  </TableCell>
                  <TableCell>{t(`parties.kinds.${party.kind}`)}</TableCell>
                  <TableCell>{party.organisationType ? t(`parties.organisationTypes.${party.organisationType}`) : '—'}</TableCell>
                  <TableCell>{party.description}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={parties} />
        </>
      )}
    </>
  );
}
