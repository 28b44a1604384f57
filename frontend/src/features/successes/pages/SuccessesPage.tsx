import { Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { useMe } from '../../../auth/useMe';
import { formatDate } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { SUCCESS_SORTS, mayChangeSuccess, useSuccesses } from '../api';
import '../../joint/joint.css';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** Shared successes: what the parties achieved together, newest first. */
export default function SuccessesPage() {
  const { t, i18n } = useTranslation();
  const [params, updateParams] = useSearchParamUpdate();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? '-achievedOn';
  const [search, setSearch] = useState(q);
  const successes = useSuccesses({ q, sort });
  const names = usePartyNames();
  const me = useMe();
  const update = (key: string, value: string) => updateParams({ [key]: value });
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update('q', search.trim());
  };
  return (
    <>
      <PageHeading>{t('successes.title')}</PageHeading>
      <Paragraph>{t('successes.intro')}</Paragraph>
      {mayChangeSuccess(me.data, null) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/successes/new">{t('successes.new')}</ButtonRouterLink>
        </div>
      )}
      <form role="search" aria-label={t('successes.searchLabel')} onSubmit={onSearch} className="kompas-filters">
        <TextField name="q" label={t('agenda.filters.search')} filter value={search} onChange={setSearch} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('agenda.filters.searchButton')}
        </Button>
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={sort}
          onChange={(value) => update('sort', value === '-achievedOn' ? '' : value)}
          error={null}
          options={SUCCESS_SORTS.map((value) => ({ value, label: t(`successes.sorts.${value}`) }))}
        />
      </form>
      {successes.isPending ? (
        <Loading />
      ) : successes.isError ? (
        <LoadError error={successes.error} />
      ) : successes.items.length === 0 ? (
        <Paragraph role="status">{q ? t('successes.noResults') : t('successes.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('successes.resultCount', { count: successes.items.length })}
          </p>
          <ul className="kompas-list">
            {successes.items.map((success) => (
              <li key={success.id}>
                <Heading2 className="kompas-list-heading">
                  <RouterLink to={`/successes/${success.id}`}>{success.title}</RouterLink>
                </Heading2>
                <Paragraph className="kompas-agenda-meta">
                  {t('successes.meta', {
                    date: formatDate(success.achievedOn, i18n.language),
                    parties: success.partyIds.map((id) => names.name(id)).join(', ') || '—',
                    count: success.endorsements.length,
                  })}
                </Paragraph>
                {success.description && <Paragraph>{success.description}</Paragraph>}
              </li>
            ))}
          </ul>
          <LoadMore list={successes} />
        </>
      )}
    </>
  );
}
