import { Heading3, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useRounds, type RoundSummary } from '../api';
import { RoundBadges, RoundMeta } from '../components/RoundSummary';
import { mayRun, orderRounds } from '../rules';
import '../../joint/joint.css';
import '../reflection.css';

/** Reflection rounds: the open ones first (with "answer now" where the caller still may), then drafts and closed ones. */
export default function RoundsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const rounds = useRounds({});
  const ordered = orderRounds(rounds.items);
  const groups = (['open', 'draft', 'closed'] as const)
    .map((status) => ({ status, items: ordered.filter((round) => round.status === status) }))
    .filter((group) => group.items.length > 0);
  return (
    <>
      <PageHeading>{t('reflection.title')}</PageHeading>
      <Paragraph>{t('reflection.intro')}</Paragraph>
      <div className="kompas-actions">
        {mayRun(me.data?.role) && <ButtonRouterLink to="/reflection/new">{t('reflection.new')}</ButtonRouterLink>}
        <ButtonRouterLink to="/reflection/trends" appearance="secondary-action">
          {t('reflection.trends.link')}
        </ButtonRouterLink>
      </div>
      {rounds.isPending ? (
        <Loading />
      ) : rounds.isError ? (
        <LoadError error={rounds.error} />
      ) : rounds.items.length === 0 ? (
        <Paragraph role="status">{t('reflection.empty')}</Paragraph>
      ) : (
        <>
          {groups.map((group) => (
            <Section key={group.status} id={`rounds-${group.status}`} title={t(`reflection.groups.${group.status}`)}>
              <ul className="kompas-list">
                {group.items.map((round) => (
                  <RoundItem key={round.id} round={round} />
                ))}
              </ul>
            </Section>
          ))}
          <LoadMore list={rounds} />
        </>
      )}
    </>
  );
}

function RoundItem({ round }: { round: RoundSummary }) {
  const { t } = useTranslation();
  return (
    <li>
      <Heading3 className="kompas-list-heading">
        <RouterLink to={`/reflection/${round.id}`}>{round.title}</RouterLink>
      </Heading3>
      <RoundBadges round={round} />
      <RoundMeta round={round} />
      {(round.mayAnswer || round.resultsReleased) && (
        <div className="kompas-actions">
          {round.mayAnswer && (
            <ButtonRouterLink to={`/reflection/${round.id}/answer`} appearance="primary-action" aria-label={t('reflection.answerNowNamed', { title: round.title })}>
              {t('reflection.answerNow')}
            </ButtonRouterLink>
          )}
          {round.resultsReleased && (
            <ButtonRouterLink to={`/reflection/${round.id}/results`} appearance="secondary-action" aria-label={t('reflection.resultsNamed', { title: round.title })}>
              {t('reflection.resultsLink')}
            </ButtonRouterLink>
          )}
        </div>
      )}
    </li>
  );
}
