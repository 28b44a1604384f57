import { Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { CheckboxField, SelectField, TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { usePhases } from '../../compass/api';
import { usePartyNames } from '../../joint/usePartyNames';
import { DEFAULT_SORT, EXPERIENCE_SORTS, EXPERIENCE_VISIBILITIES, mayShareExperience, useExperiences, type ExperienceFilters } from '../api';
import { filtersFromParams, formatDay, isFiltered } from '../values';
import { VisibilityBadge } from './VisibilityBadge';
import '../../joint/joint.css';
import '../experiences.css';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** The experience backpack: what people learned working together, newest first, with filters. */
export default function ExperiencesPage() {
  const { t, i18n } = useTranslation();
  const [params, updateParams] = useSearchParamUpdate();
  const filters = filtersFromParams(params);
  const [search, setSearch] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  const experiences = useExperiences(filters);
  const names = usePartyNames();
  const phases = usePhases();
  const me = useMe();
  // The default sort is left out of the address.
  const update = (changes: Partial<ExperienceFilters>) =>
    updateParams(changes.sort === DEFAULT_SORT ? { ...changes, sort: '' } : changes);
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim(), tag: tag.trim() });
  };
  const anyParty = [{ value: '', label: t('agenda.filters.anyParty') }, ...names.parties.map((p) => ({ value: p.id, label: p.name }))];
  return (
    <>
      <PageHeading>{t('experiences.title')}</PageHeading>
      <Paragraph>{t('experiences.intro')}</Paragraph>
      {mayShareExperience(me.data) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/experiences/new">{t('experiences.new')}</ButtonRouterLink>
        </div>
      )}
      <form role="search" aria-label={t('experiences.filters.label')} onSubmit={onSearch} className="kompas-filters kompas-agenda-filters kompas-experience-filters">
        <TextField name="q" label={t('agenda.filters.search')} filter value={search} onChange={setSearch} error={null} />
        <TextField name="tag" label={t('experiences.tag')} filter value={tag} onChange={setTag} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('agenda.filters.searchButton')}
        </Button>
        <SelectField
          name="phaseId"
          label={t('agenda.phase')}
          filter
          value={filters.phaseId ?? ''}
          onChange={(value) => update({ phaseId: value })}
          error={null}
          options={[{ value: '', label: t('agenda.filters.anyPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField name="partyId" label={t('experiences.party')} filter value={filters.partyId ?? ''} onChange={(value) => update({ partyId: value })} error={null} options={anyParty} />
        <SelectField
          name="visibility"
          label={t('agenda.visibility')}
          filter
          value={filters.visibility ?? ''}
          onChange={(value) => update({ visibility: value as ExperienceFilters['visibility'] })}
          error={null}
          options={[{ value: '', label: t('experiences.filters.anyVisibility') }, ...EXPERIENCE_VISIBILITIES.map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))]}
        />
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={filters.sort ?? DEFAULT_SORT}
          onChange={(value) => update({ sort: value })}
          error={null}
          options={EXPERIENCE_SORTS.map((value) => ({ value, label: t(`experiences.sorts.${value}`) }))}
        />
        {me.data && (
          <CheckboxField
            name="mine"
            label={t('experiences.filters.mine')}
            value={filters.authorId === me.data.id}
            onChange={(value) => update({ authorId: value ? me.data?.id : undefined })}
            error={null}
          />
        )}
      </form>
      {experiences.isPending ? (
        <Loading />
      ) : experiences.isError ? (
        <LoadError error={experiences.error} />
      ) : experiences.items.length === 0 ? (
        <Paragraph role="status">{isFiltered(filters) ? t('experiences.noResults') : t('experiences.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('experiences.resultCount', { count: experiences.items.length })}
          </p>
          <ul className="kompas-list">
            {experiences.items.map((experience) => (
              <li key={experience.id}>
                <Heading2 className="kompas-list-heading">
                  <RouterLink to={`/experiences/${experience.id}`}>{experience.title}</RouterLink>
                </Heading2>
                <Paragraph className="kompas-agenda-meta">
                  {t('experiences.meta', {
                    author: experience.authorName,
                    date: formatDay(experience.createdAt, i18n.language),
                    parties: experience.partyIds.map((id) => names.name(id)).join(', ') || '—',
                  })}{' '}
                  <VisibilityBadge visibility={experience.visibility} />
                </Paragraph>
                {experience.whatWasLearned && <Paragraph>{experience.whatWasLearned}</Paragraph>}
                {experience.tags.length > 0 && (
                  <ul className="kompas-tags" aria-label={t('experiences.tags')}>
                    {experience.tags.map((name) => (
                      <li key={name}>
                        <RouterLink to={`/experiences?tag=${encodeURIComponent(name)}`}>{name}</RouterLink>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          <LoadMore list={experiences} />
        </>
      )}
    </>
  );
}
