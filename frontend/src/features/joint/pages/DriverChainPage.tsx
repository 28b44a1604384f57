import { Paragraph } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../../api';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { StatusBadge } from '../../agenda/components/AgendaBadges';
import { QuestionStatusBadge } from '../../questions/components/QuestionStatusBadge';
import { formatDate } from '../format';
import '../joint.css';

/**
 * The traceable chain of one driver: the questions investigated for it, the agenda items that
 * serve it, and the successes it yielded — each only when the user may see it.
 */
export default function DriverChainPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const driver = useQuery({
    queryKey: ['drivers', id],
    queryFn: () => unwrap(api.GET('/drivers/{driverId}', { params: { path: { driverId: id } } })),
  });
  const chain = useQuery({
    queryKey: ['drivers', id, 'chain'],
    queryFn: () => unwrap(api.GET('/drivers/{driverId}/chain', { params: { path: { driverId: id } } })),
  });
  if (driver.isPending) return <Loading />;
  if (driver.isError) return <LoadError error={driver.error} />;
  return (
    <>
      <PageHeading>{t('chain.title', { driver: driver.data.title })}</PageHeading>
      <Paragraph>
        <RouterLink to="/compass">{t('chain.backToCompass')}</RouterLink>
      </Paragraph>
      {driver.data.description && <Paragraph>{driver.data.description}</Paragraph>}
      <Paragraph>{t('chain.intro')}</Paragraph>
      {chain.isPending ? (
        <Loading />
      ) : chain.isError ? (
        <LoadError error={chain.error} />
      ) : (
        <ol className="kompas-chain">
          <li>
            <Section id="chain-questions" title={t('chain.questions', { count: chain.data.questions.length })}>
              {chain.data.questions.length === 0 ? (
                <Paragraph>{t('chain.noQuestions')}</Paragraph>
              ) : (
                <ul className="kompas-list">
                  {chain.data.questions.map((q) => (
                    <li key={q.id} className="kompas-chain__item">
                      <RouterLink to={`/questions/${q.id}`}>{q.title}</RouterLink> <QuestionStatusBadge status={q.status} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </li>
          <li>
            <Section id="chain-agenda" title={t('chain.agendaItems', { count: chain.data.agendaItems.length })}>
              {chain.data.agendaItems.length === 0 ? (
                <Paragraph>{t('chain.noAgendaItems')}</Paragraph>
              ) : (
                <ul className="kompas-list">
                  {chain.data.agendaItems.map((a) => (
                    <li key={a.id} className="kompas-chain__item">
                      <RouterLink to={`/agenda/${a.id}`}>{a.title}</RouterLink> <StatusBadge status={a.status} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </li>
          <li>
            <Section id="chain-successes" title={t('chain.successes', { count: chain.data.successes.length })}>
              {chain.data.successes.length === 0 ? (
                <Paragraph>{t('chain.noSuccesses')}</Paragraph>
              ) : (
                <ul className="kompas-list">
                  {chain.data.successes.map((s) => (
                    <li key={s.id} className="kompas-chain__item">
                      <RouterLink to={`/successes/${s.id}`}>{s.title}</RouterLink>{' '}
                      <span className="kompas-muted">{t('chain.achievedOn', { date: formatDate(s.achievedOn, i18n.language) })}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </li>
        </ol>
      )}
    </>
  );
}
