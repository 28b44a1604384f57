import { Button, Paragraph } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { Badge } from '../../../components/Badge';
import { TextField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { resultPath } from '../search';
import '../joint.css';

type Result = Schemas['SearchResult'];

/** Search across the agenda, questions, successes and meetings, ranked by the API. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [text, setText] = useState(q);
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => unwrap(api.GET('/search', { params: { query: { q, limit: 50 } } })),
    enabled: q !== '',
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
  };
  return (
    <>
      <PageHeading>{t('search.title')}</PageHeading>
      <form role="search" aria-label={t('search.label')} onSubmit={onSubmit} className="kompas-filters">
        <TextField name="search-q" label={t('search.field')} filter value={text} onChange={setText} error={null} description={t('search.help')} />
        <Button type="submit" appearance="primary-action-button">
          {t('search.button')}
        </Button>
      </form>
      {q === '' ? (
        <Paragraph>{t('search.start')}</Paragraph>
      ) : results.isPending ? (
        <Loading />
      ) : results.isError ? (
        <LoadError error={results.error} />
      ) : results.data.items.length === 0 ? (
        <Paragraph role="status">{t('search.none', { q })}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('search.count', { count: results.data.items.length, q })}
          </p>
          <ol className="kompas-list" aria-label={t('search.results', { q })}>
            {results.data.items.map((result: Result) => (
              <li key={`${result.kind}-${result.id}`} className="kompas-ball-item">
                <p className="kompas-ball-item__title">
                  <Badge>{t(`search.kinds.${result.kind}`)}</Badge> <RouterLink to={resultPath(result)}>{result.title}</RouterLink>
                </p>
                {result.snippet && <Paragraph className="kompas-agenda-meta">{result.snippet}</Paragraph>}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
