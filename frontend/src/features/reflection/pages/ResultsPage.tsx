import { Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { usePartyNames } from '../../joint/usePartyNames';
import { useResults, useRound, type ResultGroup, type Results } from '../api';
import { BarLegend, DistributionTable } from '../components/Distribution';
import { RoundMeta } from '../components/RoundSummary';
import { Suppressed } from '../components/Suppressed';
import { itemText } from '../rules';
import '../../joint/joint.css';
import '../reflection.css';

/** A round's results: everyone together, each party, and the open answers — each only where enough people answered. */
export default function ResultsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const round = useRound(id);
  const released = round.data?.data.resultsReleased ?? false;
  const results = useResults(id, released);
  const title = round.data ? t('reflection.results.title', { title: round.data.data.title }) : t('reflection.results.titlePlain');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <Paragraph>
        <RouterLink to={`/reflection/${id}`}>{t('reflection.backToRound')}</RouterLink>
        {' · '}
        <RouterLink to="/reflection/trends">{t('reflection.trends.link')}</RouterLink>
      </Paragraph>
      {round.isPending ? (
        <Loading />
      ) : round.isError ? (
        <LoadError error={round.error} />
      ) : !released ? (
        <Paragraph role="status">{t('reflection.results.notYet')}</Paragraph>
      ) : results.isPending ? (
        <Loading />
      ) : results.isError ? (
        results.error instanceof ApiError && results.error.status === 409 ? (
          <Paragraph role="status">{t('reflection.results.notYet')}</Paragraph>
        ) : (
          <LoadError error={results.error} />
        )
      ) : (
        <>
          <RoundMeta round={round.data.data} />
          <ResultsView results={results.data} />
        </>
      )}
    </>
  );
}

function ResultsView({ results }: { results: Results }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const k = results.minGroup;
  return (
    <>
      <Paragraph className="kompas-muted">{t('reflection.results.rule', { k, twice: 2 * k })}</Paragraph>
      <BarLegend />
      <Section id="overall" title={t('reflection.results.overall')}>
        <GroupView group={results.overall} caption={t('reflection.everyone')} minGroup={k} />
      </Section>
      <Section id="parties" title={t('reflection.results.perParty')}>
        {results.parties.map((group) => (
          <div key={group.partyId} className="kompas-result-group">
            <Heading3>{names.name(group.partyId)}</Heading3>
            <GroupView group={group} caption={names.name(group.partyId)} minGroup={k} />
          </div>
        ))}
      </Section>
      <Section id="open-answers" title={t('reflection.results.openAnswers')}>
        {results.openAnswers.suppressed ? (
          <Suppressed reason={results.openAnswers.reason ?? 'too-few-answers'} minGroup={k} openAnswers />
        ) : results.openAnswers.questions.length === 0 ? (
          <Paragraph>{t('reflection.results.noQuestions')}</Paragraph>
        ) : (
          <>
            <Paragraph className="kompas-muted">{t('reflection.results.openAnswersHelp')}</Paragraph>
            {results.openAnswers.questions.map((question) => (
              <div key={question.key} className="kompas-result-group">
                <Heading3>{itemText(question, i18n.language)}</Heading3>
                {question.answers.length === 0 ? (
                  <Paragraph className="kompas-muted">{t('reflection.results.noOpenAnswers')}</Paragraph>
                ) : (
                  <UnorderedList className="kompas-open-answers">
                    {question.answers.map((answer, index) => (
                      <UnorderedListItem key={index} className="kompas-pre-line">
                        {answer}
                      </UnorderedListItem>
                    ))}
                  </UnorderedList>
                )}
              </div>
            ))}
          </>
        )}
      </Section>
    </>
  );
}

function GroupView({ group, caption, minGroup }: { group: ResultGroup; caption: string; minGroup: number }) {
  if (group.suppressed) return <Suppressed reason={group.reason ?? 'too-few-answers'} minGroup={minGroup} />;
  return <DistributionTable caption={caption} statements={group.statements} answered={group.answered} />;
}
