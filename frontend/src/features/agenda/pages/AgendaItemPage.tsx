import { DataList, DataListItem, DataListKey, DataListValue, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useDrivers, usePhases } from '../../compass/api';
import { useLinkedTitles } from '../../joint/api';
import { BallBadges } from '../../joint/components/BallBadges';
import { BallSection } from '../../joint/components/BallSection';
import { LinkedList } from '../../joint/components/LinkedList';
import { ParticipantsSection } from '../../joint/components/ParticipantsSection';
import { StatusChangeSection } from '../../joint/components/StatusChangeSection';
import { StatusHistory } from '../../joint/components/StatusHistory';
import { formatDate, formatDateTime } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { updateAgendaItem, useAgendaItem, type AgendaItem } from '../api';
import { StatusBadge } from '../components/AgendaBadges';
import { mayChange, needsReason, nextStatuses } from '../rules';
import '../../joint/joint.css';

/** One agenda item: its fields, who takes part, what it serves, the ball and its history. */
export default function AgendaItemPage() {
  const { id = '' } = useParams();
  const item = useAgendaItem(id);
  // Kept here: after a partner declines, the item may no longer be visible to them, and the
  // message must survive the details giving way to "not found".
  const [announcement, setAnnouncement] = useState('');
  const status = (
    <p role="status" className="kompas-status">
      {announcement}
    </p>
  );
  if (item.isPending) return <Loading />;
  if (item.isError) {
    return (
      <>
        {status}
        <LoadError error={item.error} />
      </>
    );
  }
  return (
    <AgendaItemDetails key={id} item={item.data.data} etag={item.data.etag} onReload={() => item.refetch()} status={status} onDone={setAnnouncement} />
  );
}


function AgendaItemDetails({
  item,
  etag,
  onReload,
  status,
  onDone: setAnnouncement,
}: {
  item: AgendaItem;
  etag: string | null;
  onReload: () => Promise<unknown>;
  status: ReactNode;
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const drivers = useDrivers();
  const queryClient = useQueryClient();
  const phase = phases.items.find((p) => p.id === item.phaseId);
  const driverTitle = new Map(drivers.items.map((d) => [d.id, d.title]));
  const questionTitles = useLinkedTitles('questions', item.questionIds);
  const successTitles = useLinkedTitles('successes', item.successIds);
  const meetingTitles = useLinkedTitles('meetings', item.meetingIds);
  const canChange = mayChange(me.data, item);
  const lng = i18n.language;

  return (
    <>
      <PageHeading>{item.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/agenda">{t('agenda.backToList')}</RouterLink>
      </Paragraph>
      <Paragraph className="kompas-badges">
        <StatusBadge status={item.status} />
        <BallBadges item={item} partyName={names.name} />
      </Paragraph>
      {canChange && (
        <div className="kompas-actions">
          <ButtonRouterLink to={`/agenda/${item.id}/edit`}>{t('agenda.edit')}</ButtonRouterLink>
        </div>
      )}
      {status}

      <Section id="details" title={t('agenda.details')}>
        {item.description && <Paragraph>{item.description}</Paragraph>}
        <DataList>
          <DataListItem>
            <DataListKey>{t('agenda.status')}</DataListKey>
            <DataListValue>
              {t(`agenda.statuses.${item.status}`)}
              {item.statusReason && ` — ${item.statusReason}`}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.phase')}</DataListKey>
            <DataListValue>{phase?.name ?? '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.horizon')}</DataListKey>
            <DataListValue>{item.horizon || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.targetDate')}</DataListKey>
            <DataListValue>{item.targetDate ? formatDate(item.targetDate, lng) : '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.progress')}</DataListKey>
            <DataListValue>{t('agenda.percent', { value: item.progress })}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.leadParty')}</DataListKey>
            <DataListValue>{names.name(item.leadPartyId)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.ballHolder')}</DataListKey>
            <DataListValue>
              {names.name(item.ballHolderId)} ({t('agenda.since', { date: formatDateTime(item.ballMovedAt, lng) })})
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.visibility')}</DataListKey>
            <DataListValue>{t(`agenda.visibilities.${item.visibility}`)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.updatedAt')}</DataListKey>
            <DataListValue>{formatDateTime(item.updatedAt, lng)}</DataListValue>
          </DataListItem>
        </DataList>
      </Section>

      <ParticipantsSection participants={item.participants} />

      <Section id="chain" title={t('agenda.chain')}>
        <LinkedList
          title={t('agenda.drivers')}
          empty={t('agenda.noDrivers')}
          items={item.driverIds.map((driverId) => ({ id: driverId, label: driverTitle.get(driverId) ?? t('agenda.unknownDriver'), to: `/drivers/${driverId}` }))}
        />
        <LinkedList
          title={t('agenda.questions')}
          empty={t('agenda.noQuestions')}
          items={item.questionIds.map((questionId, index) => ({ id: questionId, label: questionTitles.get(questionId) ?? t('agenda.questionN', { n: index + 1 }), to: `/questions/${questionId}` }))}
        />
        <LinkedList
          title={t('agenda.successes')}
          empty={t('agenda.noSuccesses')}
          items={item.successIds.map((successId, index) => ({ id: successId, label: successTitles.get(successId) ?? t('agenda.successN', { n: index + 1 }), to: `/successes/${successId}` }))}
        />
        {item.meetingIds.length > 0 && (
          <LinkedList
            title={t('agenda.meetings')}
            empty=""
            items={item.meetingIds.map((meetingId, index) => ({ id: meetingId, label: meetingTitles.get(meetingId) ?? t('agenda.meetingN', { n: index + 1 }), to: `/meetings/${meetingId}` }))}
          />
        )}
      </Section>

      {canChange && (
        <StatusChangeSection
          current={item.status}
          options={nextStatuses(item.status)}
          statusLabel={(s) => t(`agenda.statuses.${s}`)}
          needsReason={needsReason}
          texts={{ reasonHelp: 'agenda.reasonHelp', reasonRequired: 'agenda.reasonRequired', stale: 'agenda.staleStatus' }}
          submit={async (status, statusReason) => {
            await updateAgendaItem(item.id, { status, statusReason }, etag);
            await queryClient.invalidateQueries({ queryKey: ['agenda-items'] });
          }}
          onReload={onReload}
          onDone={setAnnouncement}
        />
      )}

      <BallSection subject={{ kind: 'agenda-items', id: item.id }} item={item} onDone={setAnnouncement} />

      <StatusHistory subject={{ kind: 'agenda-items', id: item.id }} statusLabel={(s) => t(`agenda.statuses.${s}`)} />
    </>
  );
}
