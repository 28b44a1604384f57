import { Alert, Button, DataList, DataListItem, DataListKey, DataListValue, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { renderMessage, type Message } from '../../../lib/messages';
import { usePhases } from '../../compass/api';
import { useLinkedTitles } from '../../joint/api';
import { LinkedList } from '../../joint/components/LinkedList';
import { formatDateTime } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { experienceKeys, mayChangeExperience, mayPublishExperience, setExperienceVisibility, useExperience, type Experience } from '../api';
import { VisibilityBadge } from './VisibilityBadge';
import '../../joint/joint.css';
import '../experiences.css';

/** One experience: the story, who shared it, who was involved, and what it came from. */
export default function ExperiencePage() {
  const { id = '' } = useParams();
  const experience = useExperience(id);
  if (experience.isPending) return <Loading />;
  if (experience.isError) return <LoadError error={experience.error} />;
  return <ExperienceDetails key={id} experience={experience.data.data} />;
}

function ExperienceDetails({ experience }: { experience: Experience }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const phases = usePhases();
  const me = useMe();
  const agendaTitles = useLinkedTitles('agenda-items', experience.agendaItemIds);
  const questionTitles = useLinkedTitles('questions', experience.questionIds);
  const successTitles = useLinkedTitles('successes', experience.successIds);
  const phase = phases.items.find((p) => p.id === experience.phaseId);
  const lng = i18n.language;
  const story: [string, string][] = [
    ['situation', experience.situation],
    ['whatWasDone', experience.whatWasDone],
    ['whatWasLearned', experience.whatWasLearned],
    ['tip', experience.tip],
  ];
  return (
    <>
      <PageHeading>{experience.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/experiences">{t('experiences.backToList')}</RouterLink>
      </Paragraph>
      {mayChangeExperience(me.data, experience) && (
        <div className="kompas-actions">
          <ButtonRouterLink to={`/experiences/${experience.id}/edit`}>{t('experiences.edit')}</ButtonRouterLink>
        </div>
      )}
      <Section id="story" title={t('experiences.story')}>
        {story.every(([, text]) => !text.trim()) ? (
          <Paragraph>{t('experiences.noStory')}</Paragraph>
        ) : (
          <DataList>
            {story
              .filter(([, text]) => text.trim())
              .map(([field, text]) => (
                <DataListItem key={field}>
                  <DataListKey>{t(`experiences.fields.${field}`)}</DataListKey>
                  <DataListValue className="kompas-experience-text">{text}</DataListValue>
                </DataListItem>
              ))}
          </DataList>
        )}
      </Section>
      <Section id="details" title={t('agenda.details')}>
        <DataList>
          <DataListItem>
            <DataListKey>{t('experiences.author')}</DataListKey>
            <DataListValue>{t('experiences.sharedBy', { author: experience.authorName, date: formatDateTime(experience.createdAt, lng) })}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.visibility')}</DataListKey>
            <DataListValue>
              <VisibilityBadge visibility={experience.visibility} />
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.phase')}</DataListKey>
            <DataListValue>{phase?.name ?? '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('experiences.parties')}</DataListKey>
            <DataListValue>{experience.partyIds.map((id) => names.name(id)).join(', ') || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('experiences.tags')}</DataListKey>
            <DataListValue>
              {experience.tags.length === 0 ? (
                '—'
              ) : (
                <ul className="kompas-tags">
                  {experience.tags.map((name) => (
                    <li key={name}>
                      <RouterLink to={`/experiences?tag=${encodeURIComponent(name)}`}>{name}</RouterLink>
                    </li>
                  ))}
                </ul>
              )}
            </DataListValue>
          </DataListItem>
        </DataList>
        <PublishAction experience={experience} />
      </Section>
      <Section id="links" title={t('experiences.cameFrom')}>
        <LinkedList
          title={t('experiences.agendaItems')}
          empty={t('experiences.noAgendaItems')}
          items={experience.agendaItemIds.map((id, index) => ({ id, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }), to: `/agenda/${id}` }))}
        />
        <LinkedList
          title={t('experiences.questions')}
          empty={t('agenda.noQuestions')}
          items={experience.questionIds.map((id, index) => ({ id, label: questionTitles.get(id) ?? t('agenda.questionN', { n: index + 1 }), to: `/questions/${id}` }))}
        />
        <LinkedList
          title={t('experiences.successes')}
          empty={t('agenda.noSuccesses')}
          items={experience.successIds.map((id, index) => ({ id, label: successTitles.get(id) ?? t('agenda.successN', { n: index + 1 }), to: `/successes/${id}` }))}
        />
      </Section>
    </>
  );
}

/** Publishing to the intranet, or taking it back: admins, coordinators and members who may change it. */
function PublishAction({ experience }: { experience: Experience }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState<Message | null>(null);
  const status = (
    <p role="status" className="kompas-status">
      {done}
    </p>
  );
  if (!mayPublishExperience(me.data, experience)) return status;
  const published = experience.visibility === 'published';
  const change = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await setExperienceVisibility(experience.id, published ? 'partners' : 'published');
      setDone(t(published ? 'experiences.unpublished' : 'experiences.publishedNow'));
      await queryClient.invalidateQueries({ queryKey: experienceKeys.all });
    } catch (caught) {
      setProblem(caught instanceof ApiError && caught.problem?.detail ? { text: caught.problem.detail } : { key: 'errors.saveFailed' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="kompas-actions">
      {status}
      {problem && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, problem)}</Paragraph>
        </Alert>
      )}
      <Paragraph>{t(published ? 'experiences.publishedHelp' : 'experiences.publishHelp')}</Paragraph>
      <Button type="button" appearance={published ? 'secondary-action-button' : 'primary-action-button'} busy={busy} disabled={busy} onClick={() => void change()}>
        {t(published ? 'experiences.unpublish' : 'experiences.publish')}
      </Button>
    </div>
  );
}
