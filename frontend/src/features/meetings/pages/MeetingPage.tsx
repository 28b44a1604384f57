import { DataList, DataListItem, DataListKey, DataListValue, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { usePhases, useWorkFormats } from '../../compass/api';
import { useLinkedTitles } from '../../joint/api';
import { LinkedList } from '../../joint/components/LinkedList';
import { mayCreate } from '../../joint/rules';
import { usePartyNames } from '../../joint/usePartyNames';
import { useMeeting, usePeopleOptions, useSnapshotOptions, type Meeting } from '../api';
import { MeetingTime } from '../components/MeetingTime';
import '../../joint/joint.css';

/** One meeting: when and where, who took part, the agenda, and what came out of it. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const meeting = useMeeting(id);
  if (meeting.isPending) return <Loading />;
  if (meeting.isError) return <LoadError error={meeting.error} />;
  return <MeetingDetails key={id} meeting={meeting.data.data} />;
}

function MeetingDetails({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const formats = useWorkFormats();
  const people = usePeopleOptions();
  const snapshots = useSnapshotOptions();
  const agendaTitles = useLinkedTitles('agenda-items', meeting.agendaItemIds);
  const successTitles = useLinkedTitles('successes', meeting.successIds);
  const personName = new Map((people.data?.items ?? []).map((p) => [p.id, p.name]));
  const snapshotOf = new Map((snapshots.data ?? []).flatMap(({ map, snapshots: list }) => list.map((s) => [s.id, { map, label: s.label }] as const)));
  return (
    <>
      <PageHeading>{meeting.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/meetings">{t('meetings.backToList')}</RouterLink>
      </Paragraph>
      {mayCreate(me.data) && (
        <div className="kompas-actions">
          <ButtonRouterLink to={`/meetings/${meeting.id}/edit`}>{t('meetings.edit')}</ButtonRouterLink>
        </div>
      )}
      <Section id="details" title={t('agenda.details')}>
        <DataList>
          <DataListItem>
            <DataListKey>{t('meetings.when')}</DataListKey>
            <DataListValue>
              <MeetingTime meeting={meeting} />
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('meetings.location')}</DataListKey>
            <DataListValue>{meeting.location || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('meetings.workFormat')}</DataListKey>
            <DataListValue>{formats.items.find((f) => f.id === meeting.workFormatId)?.name ?? '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.phase')}</DataListKey>
            <DataListValue>{phases.items.find((p) => p.id === meeting.phaseId)?.name ?? '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.visibility')}</DataListKey>
            <DataListValue>{t(`agenda.visibilities.${meeting.visibility}`)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('meetings.parties')}</DataListKey>
            <DataListValue>{meeting.partyIds.map((id) => names.name(id)).join(', ') || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('meetings.people')}</DataListKey>
            <DataListValue>{meeting.personIds.map((id) => personName.get(id) ?? t('meetings.unknownPerson')).join(', ') || '—'}</DataListValue>
          </DataListItem>
        </DataList>
      </Section>
      <Section id="agenda" title={t('meetings.agenda')}>
        <Paragraph className="kompas-pre-line">{meeting.agenda || t('meetings.noAgenda')}</Paragraph>
      </Section>
      <Section id="outcomes" title={t('meetings.outcomes')}>
        <Paragraph className="kompas-pre-line">{meeting.outcomeNotes || t('meetings.noOutcomeNotes')}</Paragraph>
        <LinkedList
          title={t('meetings.agendaItems')}
          empty={t('meetings.noLinked')}
          items={meeting.agendaItemIds.map((id, index) => ({ id, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }), to: `/agenda/${id}` }))}
        />
        <LinkedList
          title={t('meetings.successes')}
          empty={t('meetings.noLinked')}
          items={meeting.successIds.map((id, index) => ({ id, label: successTitles.get(id) ?? t('agenda.successN', { n: index + 1 }), to: `/successes/${id}` }))}
        />
        <LinkedList
          title={t('meetings.snapshots')}
          empty={t('meetings.noLinked')}
          items={meeting.snapshotIds.map((id) => {
            const found = snapshotOf.get(id);
            return { id, label: found ? `${found.map.title}: ${found.label}` : t('meetings.snapshot'), to: found ? `/role-maps/${found.map.id}/snapshots` : null };
          })}
        />
      </Section>
    </>
  );
}
