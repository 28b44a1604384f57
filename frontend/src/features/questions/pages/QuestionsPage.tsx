import { Button, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { BallBadges } from '../../joint/components/BallBadges';
import { usePartyNames } from '../../joint/usePartyNames';
import { QuestionStatusBadge } from '../components/QuestionStatusBadge';
import { mayCreate } from '../../joint/rules';
import { useMe } from '../../../auth/useMe';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { QUESTION_SORTS, QUESTION_STATUSES, useQuestions, type QuestionStatus } from '../api';
import '../../joint/joint.css';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** Joint questions (vraagstukken): search, status, stalled and sort live in the URL. */
export default function QuestionsPage() {
  const { t } = useTranslation();
  const [params, update] = useSearchParamUpdate();
  const q = params.get('q') ?? '';
  const statusParam = params.get('status');
  const status = QUESTION_STATUSES.includes(statusParam as QuestionStatus) ? (statusParam as QuestionStatus) : undefined;
  const stalled = params.get('stalled') === 'true';
  const sort = params.get('sort') ?? '-updatedAt';
  const [search, setSearch] = useState(q);
  const questions = useQuestions({ q, status, stalled, sort });
  const names = usePartyNames();
  const me = useMe();
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <>
      <PageHeading>{t('questions.title')}</PageHeading>
      <Paragraph>{t('questions.intro')}</Paragraph>
      {mayCreate(me.data) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/questions/new">{t('questions.new')}</ButtonRouterLink>
        </div>
      )}
      <form role="search" aria-label={t('questions.searchLabel')} onSubmit={onSearch} className="kompas-filters kompas-agenda-filters">
        <TextField name="q" label={t('agenda.filters.search')} filter value={search} onChange={setSearch} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('agenda.filters.searchButton')}
        </Button>
        <SelectField
          name="status"
          label={t('agenda.status')}
          filter
          value={status ?? ''}
          onChange={(value) => update({ status: value })}
          error={null}
          options={[{ value: '', label: t('agenda.filters.anyStatus') }, ...QUESTION_STATUSES.map((s) => ({ value: s, label: t(`questions.statuses.${s}`) }))]}
        />
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={sort}
          onChange={(value) => update({ sort: value === '-updatedAt' ? '' : value })}
          error={null}
          options={QUESTION_SORTS.map((value) => ({ value, label: t(`questions.sorts.${value}`) }))}
        />
        <CheckboxField
          name="stalled"
          label={t('agenda.filters.stalledOnly')}
          value={stalled}
          onChange={(value) => update({ stalled: value ? 'true' : '' })}
          error={null}
        />
      </form>
      {questions.isPending ? (
        <Loading />
      ) : questions.isError ? (
        <LoadError error={questions.error} />
      ) : questions.items.length === 0 ? (
        <Paragraph role="status">{q || status || stalled ? t('questions.noResults') : t('questions.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('questions.resultCount', { count: questions.items.length })}
          </p>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('questions.title')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('questions.question')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.leadParty')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.ball.title')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('questions.contributions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {questions.items.map((question) => (
                <TableRow key={question.id}>
                  <TableCell>
                    <RouterLink to={`/questions/${question.id}`}>{question.title}</RouterLink>
                  </TableCell>
                  <TableCell>
                    <QuestionStatusBadge status={question.status} />
                  </TableCell>
                  <TableCell>{names.name(question.leadPartyId)}</TableCell>
                  <TableCell>
                    <BallBadges item={question} partyName={names.name} />
                  </TableCell>
                  <TableCell>{question.contributionCount}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={questions} />
        </>
      )}
    </>
  );
}
