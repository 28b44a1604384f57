import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, mapProblemToFields } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { Badge } from '../../../components/Badge';
import { SelectField, TextAreaField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { renderMessage, type FieldErrors, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { useDrivers, usePhases } from '../../compass/api';
import {
  handOver,
  updateAgendaItem,
  useAgendaItem,
  useHandoffs,
  useLinkedTitles,
  useStatusChanges,
  type AgendaItem,
  type AgendaStatus,
  type HandoffStatus,
} from '../api';
import { BallBadges, StatusBadge } from '../components/AgendaBadges';
import { HandoffActions } from '../components/HandoffActions';
import { formatDate, formatDateTime } from '../format';
import { mayChange, mayHandOver, needsReason, nextStatuses } from '../rules';
import { usePartyNames } from '../usePartyNames';
import { features } from '../../index';
import '../agenda.css';

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

const HANDOFF_TONES: Record<HandoffStatus, 'neutral' | 'progress' | 'done' | 'muted'> = {
  pending: 'progress',
  accepted: 'done',
  declined: 'neutral',
  withdrawn: 'muted',
};

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
  const handoffs = useHandoffs(item.id);
  const history = useStatusChanges(item.id);
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

      <Section id="participants" title={t('agenda.participants')}>
        {item.participants.length === 0 ? (
          <Paragraph>{t('agenda.noParticipants')}</Paragraph>
        ) : (
          <Table>
            <TableCaption className="visually-hidden">{t('agenda.participants')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('agenda.party')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.level')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {item.participants.map((p) => (
                <TableRow key={p.partyId}>
                  <TableCell>
                    <RouterLink to={`/parties/${p.partyId}`}>{names.name(p.partyId)}</RouterLink>
                  </TableCell>
                  <TableCell>{t(`agenda.levels.${p.level}`)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      <Section id="chain" title={t('agenda.chain')}>
        <LinkedList
          title={t('agenda.drivers')}
          empty={t('agenda.noDrivers')}
          items={item.driverIds.map((driverId) => ({ id: driverId, label: driverTitle.get(driverId) ?? t('agenda.unknownDriver'), to: '/compass' }))}
        />
        <LinkedList
          title={t('agenda.questions')}
          empty={t('agenda.noQuestions')}
          items={item.questionIds.map((questionId, index) => ({ id: questionId, label: questionTitles.get(questionId) ?? t('agenda.questionN', { n: index + 1 }), to: linkTo('questions', questionId) }))}
        />
        <LinkedList
          title={t('agenda.successes')}
          empty={t('agenda.noSuccesses')}
          items={item.successIds.map((successId, index) => ({ id: successId, label: successTitles.get(successId) ?? t('agenda.successN', { n: index + 1 }), to: linkTo('successes', successId) }))}
        />
        {item.meetingIds.length > 0 && (
          <LinkedList
            title={t('agenda.meetings')}
            empty=""
            items={item.meetingIds.map((meetingId, index) => ({ id: meetingId, label: meetingTitles.get(meetingId) ?? t('agenda.meetingN', { n: index + 1 }), to: linkTo('meetings', meetingId) }))}
          />
        )}
      </Section>

      {canChange && <StatusChange item={item} etag={etag} onReload={onReload} onDone={setAnnouncement} />}

      <Section id="ball" title={t('agenda.ball.title')}>
        <Paragraph>{t('agenda.ball.with', { party: names.name(item.ballHolderId) })}</Paragraph>
        {item.pendingHandoff && (
          <>
            <Paragraph>
              {t('agenda.ball.handedOverSince', {
                party: names.name(item.pendingHandoff.toPartyId),
                date: formatDateTime(item.pendingHandoff.createdAt, lng),
              })}
            </Paragraph>
            {item.pendingHandoff.note && (
              <Paragraph>
                {t('agenda.handoff.note')}: <q>{item.pendingHandoff.note}</q>
              </Paragraph>
            )}
            <HandoffActions
              itemId={item.id}
              itemTitle={item.title}
              handoff={{ id: item.pendingHandoff.id, status: 'pending', toPartyId: item.pendingHandoff.toPartyId, fromPartyId: item.ballHolderId }}
              onDone={setAnnouncement}
            />
          </>
        )}
        {mayHandOver(me.data, item) && <HandOverForm item={item} onDone={setAnnouncement} />}
      </Section>

      <Section id="handoffs" title={t('agenda.handoff.history')}>
        {handoffs.isPending ? (
          <Loading />
        ) : handoffs.isError ? (
          <LoadError error={handoffs.error} />
        ) : handoffs.items.length === 0 ? (
          <Paragraph>{t('agenda.handoff.none')}</Paragraph>
        ) : (
          <>
            <Table>
              <TableCaption className="visually-hidden">{t('agenda.handoff.history')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('agenda.handoff.when')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.from')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.to')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.status')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.note')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.answer')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {handoffs.items.map((handoff) => (
                  <TableRow key={handoff.id}>
                    <TableCell>
                      {formatDateTime(handoff.createdAt, lng)}
                      <br />
                      <span className="kompas-muted">{handoff.requestedBy}</span>
                    </TableCell>
                    <TableCell>{names.name(handoff.fromPartyId)}</TableCell>
                    <TableCell>{names.name(handoff.toPartyId)}</TableCell>
                    <TableCell>
                      <Badge tone={HANDOFF_TONES[handoff.status]}>{t(`agenda.handoff.statuses.${handoff.status}`)}</Badge>
                    </TableCell>
                    <TableCell>{handoff.note || '—'}</TableCell>
                    <TableCell>
                      {handoff.decidedAt
                        ? [handoff.reason, `${handoff.decidedBy}, ${formatDateTime(handoff.decidedAt, lng)}`].filter(Boolean).join(' — ')
                        : '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore list={handoffs} />
          </>
        )}
      </Section>

      <Section id="status-history" title={t('agenda.statusHistory')}>
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <LoadError error={history.error} />
        ) : (
          <>
            <Table>
              <TableCaption className="visually-hidden">{t('agenda.statusHistory')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('agenda.handoff.when')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.statusStep')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.reason')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.changedBy')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {history.items.map((change) => (
                  <TableRow key={change.id}>
                    <TableCell>{formatDateTime(change.changedAt, lng)}</TableCell>
                    <TableCell>
                      {change.fromStatus
                        ? t('agenda.fromTo', { from: t(`agenda.statuses.${change.fromStatus}`), to: t(`agenda.statuses.${change.toStatus}`) })
                        : t('agenda.startedAs', { status: t(`agenda.statuses.${change.toStatus}`) })}
                    </TableCell>
                    <TableCell>{change.reason || '—'}</TableCell>
                    <TableCell>{change.changedBy}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore list={history} />
          </>
        )}
      </Section>
    </>
  );
}

/** Pages of linked records that the web app has; the others are named without a link. */
const LINKED_PAGES = new Set(features.flatMap((feature) => feature.routes.map((route) => route.path)));
function linkTo(kind: 'questions' | 'successes' | 'meetings', id: string): string | null {
  return LINKED_PAGES.has(`${kind}/:id`) ? `/${kind}/${id}` : null;
}

/** A titled list of linked records (drivers, questions, successes), each a link where it has a page. */
function LinkedList({ title, empty, items }: { title: string; empty: string; items: { id: string; label: string; to: string | null }[] }) {
  return (
    <div className="kompas-linked">
      <p className="kompas-ball-item__title">{title}</p>
      {items.length === 0 ? (
        <Paragraph>{empty}</Paragraph>
      ) : (
        <UnorderedList>
          {items.map((entry) => (
            <UnorderedListItem key={entry.id}>
              {entry.to ? <RouterLink to={entry.to}>{entry.label}</RouterLink> : entry.label}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </div>
  );
}

/**
 * Moving the status one allowed step, with a reason where one is needed. It sends the version
 * shown as If-Match; after a 412 it offers the latest version and keeps the choice and reason.
 */
function StatusChange({
  item,
  etag,
  onReload,
  onDone,
}: {
  item: AgendaItem;
  etag: string | null;
  onReload: () => Promise<unknown>;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const options = nextStatuses(item.status);
  const [status, setStatus] = useState<AgendaStatus | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  if (options.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!status) found.status = { key: 'agenda.chooseStatus' };
    else if (needsReason(status) && !reason.trim()) found.statusReason = { key: 'agenda.reasonRequired' };
    if (reason.length > LIMITS.shortText) found.statusReason = { key: 'validation.maxLength', params: { max: LIMITS.shortText } };
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0 || !status) return;
    setBusy(true);
    try {
      await updateAgendaItem(item.id, { status, statusReason: reason.trim() }, etag);
      setStatus('');
      setReason('');
      setStale(false);
      await queryClient.invalidateQueries({ queryKey: ['agenda-items'] });
      onDone(t('agenda.statusChanged', { status: t(`agenda.statuses.${status}`) }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['status', 'statusReason']);
        setErrors(mapped.fields);
        // A refused step (409) says which steps are allowed now.
        setGeneral(error.problem?.detail ? { text: error.problem.detail } : (mapped.general[0] ?? { key: 'errors.saveFailed' }));
      } else {
        setGeneral({ key: 'errors.network' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="status-change" title={t('agenda.changeStatus')}>
      <form noValidate onSubmit={submit} className="kompas-form">
        {stale && (
          <Alert type="warning" role="alert" className="kompas-conflict">
            <Paragraph>{t('agenda.staleStatus')}</Paragraph>
            <Button
              type="button"
              appearance="secondary-action-button"
              onClick={() => {
                void onReload().then(() => setStale(false));
              }}
            >
              {t('conflict.reload')}
            </Button>
          </Alert>
        )}
        {general && (
          <Alert type="error" role="alert">
            <Paragraph>{renderMessage(t, general)}</Paragraph>
          </Alert>
        )}
        <SelectField
          name="status"
          label={t('agenda.newStatus')}
          required
          value={status}
          onChange={(value) => setStatus(value as AgendaStatus | '')}
          error={errors.status ?? null}
          description={t('agenda.allowedSteps', { status: t(`agenda.statuses.${item.status}`) })}
          options={[{ value: '', label: t('form.choose') }, ...options.map((s) => ({ value: s, label: t(`agenda.statuses.${s}`) }))]}
        />
        <TextAreaField
          name="statusReason"
          label={t('agenda.reason')}
          required={status !== '' && needsReason(status)}
          description={t('agenda.reasonHelp')}
          rows={3}
          value={reason}
          onChange={setReason}
          error={errors.statusReason ?? null}
        />
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('agenda.changeStatusButton')}
        </Button>
      </form>
    </Section>
  );
}

/** Handing the ball to another party, with a note for them. */
function HandOverForm({ item, onDone }: { item: AgendaItem; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const names = usePartyNames();
  const [toPartyId, setToPartyId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!toPartyId) found.toPartyId = { key: 'validation.required' };
    if (note.length > LIMITS.shortText) found.note = { key: 'validation.maxLength', params: { max: LIMITS.shortText } };
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await handOver(item.id, toPartyId, note.trim());
      const party = names.name(toPartyId);
      setToPartyId('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['agenda-items'] });
      void queryClient.invalidateQueries({ queryKey: ['handoffs'] });
      onDone(t('agenda.handoff.done.requested', { party }));
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['toPartyId', 'note']);
        setErrors(mapped.fields);
        setGeneral(mapped.general[0] ?? (Object.keys(mapped.fields).length ? null : { key: 'errors.saveFailed' }));
      } else {
        setGeneral({ key: 'errors.network' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="kompas-form" aria-labelledby="hand-over-heading">
      <p id="hand-over-heading" className="kompas-ball-item__title">
        {t('agenda.handoff.formTitle')}
      </p>
      {general && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, general)}</Paragraph>
        </Alert>
      )}
      <SelectField
        name="toPartyId"
        label={t('agenda.handoff.toParty')}
        required
        value={toPartyId}
        onChange={setToPartyId}
        error={errors.toPartyId ?? null}
        options={[
          { value: '', label: t('form.choose') },
          ...names.parties.filter((p) => p.id !== item.ballHolderId).map((p) => ({ value: p.id, label: p.name })),
        ]}
      />
      <TextAreaField
        name="note"
        label={t('agenda.handoff.note')}
        description={t('agenda.handoff.noteHelp')}
        rows={3}
        value={note}
        onChange={setNote}
        error={errors.note ?? null}
      />
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        {t('agenda.handoff.submit')}
      </Button>
    </form>
  );
}
