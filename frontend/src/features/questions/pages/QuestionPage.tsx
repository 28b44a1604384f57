import {
  Alert,
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading3,
  Paragraph,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, mapProblemToFields } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { DeleteAction } from '../../../components/DeleteAction';
import { SelectField, TextAreaField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { renderMessage, type FieldErrors, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { useDrivers, usePhases } from '../../compass/api';
import { useLinkedTitles } from '../../joint/api';
import { BallBadges } from '../../joint/components/BallBadges';
import { BallSection } from '../../joint/components/BallSection';
import { LinkedList } from '../../joint/components/LinkedList';
import { ParticipantsSection } from '../../joint/components/ParticipantsSection';
import { StatusChangeSection } from '../../joint/components/StatusChangeSection';
import { StatusHistory } from '../../joint/components/StatusHistory';
import { formatDateTime } from '../../joint/format';
import { mayChange } from '../../joint/rules';
import { usePartyNames } from '../../joint/usePartyNames';
import {
  CONTRIBUTION_KINDS,
  addContribution,
  deleteContribution,
  questionKeys,
  updateContribution,
  updateQuestion,
  useContributions,
  useQuestion,
  type Contribution,
  type ContributionKind,
  type Question,
} from '../api';
import { QuestionStatusBadge } from '../components/QuestionStatusBadge';
import { contributionParties } from '../contributing';
import { mayEditContribution, needsFindings, nextQuestionStatuses } from '../rules';
import '../../joint/joint.css';

/** One joint question: why it matters, who takes part, the ball, its status, what the parties contributed, and where it led. */
export default function QuestionPage() {
  const { id = '' } = useParams();
  const question = useQuestion(id);
  // Kept here: after a partner declines the ball, the question may no longer be visible to them.
  const [announcement, setAnnouncement] = useState('');
  const status = (
    <p role="status" className="kompas-status">
      {announcement}
    </p>
  );
  if (question.isPending) return <Loading />;
  if (question.isError) {
    return (
      <>
        {status}
        <LoadError error={question.error} />
      </>
    );
  }
  return (
    <QuestionDetails
      key={id}
      question={question.data.data}
      etag={question.data.etag}
      onReload={() => question.refetch()}
      status={status}
      onDone={setAnnouncement}
    />
  );
}

function QuestionDetails({
  question,
  etag,
  onReload,
  status,
  onDone,
}: {
  question: Question;
  etag: string | null;
  onReload: () => Promise<unknown>;
  status: ReactNode;
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const names = usePartyNames();
  const drivers = useDrivers();
  const phases = usePhases();
  const agendaTitles = useLinkedTitles('agenda-items', question.agendaItemIds);
  const successTitles = useLinkedTitles('successes', question.successIds);
  const meetingTitles = useLinkedTitles('meetings', question.meetingIds);
  const driverTitle = new Map(drivers.items.map((d) => [d.id, d.title]));
  const [findings, setFindings] = useState(question.findings);
  const phase = phases.items.find((p) => p.id === question.phaseId);
  const canChange = mayChange(me.data, question);
  const subject = { kind: 'questions', id: question.id } as const;
  const lng = i18n.language;

  return (
    <>
      <PageHeading>{question.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/questions">{t('questions.backToList')}</RouterLink>
      </Paragraph>
      <Paragraph className="kompas-badges">
        <QuestionStatusBadge status={question.status} />
        <BallBadges item={question} partyName={names.name} />
      </Paragraph>
      {canChange && (
        <div className="kompas-actions">
          <ButtonRouterLink to={`/questions/${question.id}/edit`}>{t('questions.edit')}</ButtonRouterLink>
        </div>
      )}
      {status}

      <Section id="details" title={t('agenda.details')}>
        <DataList>
          <DataListItem>
            <DataListKey>{t('questions.rationale')}</DataListKey>
            <DataListValue>{question.rationale || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('questions.findings')}</DataListKey>
            <DataListValue>{question.findings || t('questions.noFindings')}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.status')}</DataListKey>
            <DataListValue>
              {t(`questions.statuses.${question.status}`)}
              {question.statusReason && ` — ${question.statusReason}`}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.phase')}</DataListKey>
            <DataListValue>{phase?.name ?? '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.leadParty')}</DataListKey>
            <DataListValue>{names.name(question.leadPartyId)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.ballHolder')}</DataListKey>
            <DataListValue>
              {names.name(question.ballHolderId)} ({t('agenda.since', { date: formatDateTime(question.ballMovedAt, lng) })})
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.visibility')}</DataListKey>
            <DataListValue>{t(`agenda.visibilities.${question.visibility}`)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.updatedAt')}</DataListKey>
            <DataListValue>{formatDateTime(question.updatedAt, lng)}</DataListValue>
          </DataListItem>
        </DataList>
      </Section>

      <ParticipantsSection participants={question.participants} />

      <Section id="chain" title={t('agenda.chain')}>
        <LinkedList
          title={t('agenda.drivers')}
          empty={t('agenda.noDrivers')}
          items={question.driverIds.map((id) => ({ id, label: driverTitle.get(id) ?? t('agenda.unknownDriver'), to: `/drivers/${id}` }))}
        />
        <LinkedList
          title={t('questions.agendaItems')}
          empty={t('questions.noAgendaItems')}
          items={question.agendaItemIds.map((id, index) => ({ id, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }), to: `/agenda/${id}` }))}
        />
        <LinkedList
          title={t('agenda.successes')}
          empty={t('agenda.noSuccesses')}
          items={question.successIds.map((id, index) => ({ id, label: successTitles.get(id) ?? t('agenda.successN', { n: index + 1 }), to: `/successes/${id}` }))}
        />
        {question.meetingIds.length > 0 && (
          <LinkedList
            title={t('questions.meetings')}
            empty=""
            items={question.meetingIds.map((id, index) => ({ id, label: meetingTitles.get(id) ?? t('agenda.meetingN', { n: index + 1 }), to: `/meetings/${id}` }))}
          />
        )}
      </Section>

      {canChange && (
        <StatusChangeSection
          current={question.status}
          options={nextQuestionStatuses(question.status)}
          statusLabel={(s) => t(`questions.statuses.${s}`)}
          needsReason={() => false}
          texts={{ reasonHelp: 'questions.reasonHelp', reasonRequired: 'validation.required', stale: 'questions.staleStatus' }}
          extraFields={['findings']}
          validateExtra={(next): FieldErrors => (needsFindings(next) && !findings.trim() ? { findings: { key: 'questions.findingsRequired' } } : {})}
          extra={(next, errors) =>
            needsFindings(next) && (
              <TextAreaField
                name="findings"
                label={t('questions.findings')}
                required
                description={t('questions.findingsHelp')}
                value={findings}
                onChange={setFindings}
                error={errors.findings ?? null}
              />
            )
          }
          submit={async (next, statusReason) => {
            await updateQuestion(question.id, { status: next, statusReason, ...(needsFindings(next) ? { findings } : {}) }, etag);
            await queryClient.invalidateQueries({ queryKey: questionKeys.all });
          }}
          onReload={onReload}
          onDone={onDone}
        />
      )}

      <BallSection subject={subject} item={question} onDone={onDone} />

      <StatusHistory subject={subject} statusLabel={(s) => t(`questions.statuses.${s}`)} />

      <Contributions question={question} />
    </>
  );
}

/** What the parties contributed: each with its party, kind and author; one's own to change or remove. */
function Contributions({ question }: { question: Question }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const queryClient = useQueryClient();
  const contributions = useContributions(question.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: questionKeys.contributions(question.id) });
    void queryClient.invalidateQueries({ queryKey: questionKeys.one(question.id) });
  };
  return (
    <Section id="contributions" title={t('questions.contributions')}>
      <p role="status" className="kompas-status">
        {done}
      </p>
      {contributions.isPending ? (
        <Loading />
      ) : contributions.isError ? (
        <LoadError error={contributions.error} />
      ) : contributions.items.length === 0 ? (
        <Paragraph>{t('questions.noContributions')}</Paragraph>
      ) : (
        <>
          <ul className="kompas-list" aria-label={t('questions.contributions')}>
            {contributions.items.map((c) => (
              <li key={c.id} className="kompas-ball-item">
                <p className="kompas-ball-item__title">
                  {names.name(c.partyId)} · {t(`questions.kinds.${c.kind}`)}
                </p>
                <Paragraph className="kompas-agenda-meta">
                  {c.authorName}, {formatDateTime(c.createdAt, i18n.language)}
                </Paragraph>
                {editing === c.id ? (
                  <ContributionEdit
                    questionId={question.id}
                    contribution={c}
                    onClose={(message) => {
                      setEditing(null);
                      if (message) {
                        setDone(message);
                        refresh();
                      }
                    }}
                  />
                ) : (
                  <>
                    <Paragraph>{c.body}</Paragraph>
                    {mayEditContribution(me.data, c) && (
                      <div className="kompas-actions">
                        <Button
                          type="button"
                          appearance="secondary-action-button"
                          aria-label={t('questions.editContributionOf', { party: names.name(c.partyId), date: formatDateTime(c.createdAt, i18n.language) })}
                          onClick={() => setEditing(c.id)}
                        >
                          {t('common.edit')}
                        </Button>
                        <DeleteAction
                          name={t('questions.contributionOf', { party: names.name(c.partyId) })}
                          onDelete={() => deleteContribution(question.id, c.id)}
                          onDeleted={() => {
                            setDone(t('questions.contributionDeleted'));
                            refresh();
                          }}
                        />
                      </div>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
          <LoadMore list={contributions} />
        </>
      )}
      <ContributionForm question={question} />
    </Section>
  );
}

/** Changing one contribution in place: its kind and text. */
function ContributionEdit({ questionId, contribution, onClose }: { questionId: string; contribution: Contribution; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ContributionKind>(contribution.kind);
  const [body, setBody] = useState(contribution.body);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `contribution-${contribution.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!body.trim()) found[`${prefix}-body`] = { key: 'validation.required' };
    else if (body.length > LIMITS.longText) found[`${prefix}-body`] = { key: 'validation.maxLength', params: { max: LIMITS.longText } };
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await updateContribution(questionId, contribution.id, { kind, body });
      onClose(t('questions.contributionChanged'));
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['kind', 'body']);
        setErrors(Object.fromEntries(Object.entries(mapped.fields).map(([k, v]) => [`${prefix}-${k}`, v])));
        setGeneral(error.problem?.detail ? { text: error.problem.detail } : (mapped.general[0] ?? { key: 'errors.saveFailed' }));
      } else {
        setGeneral({ key: 'errors.network' });
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} className="kompas-form" aria-label={t('questions.editContribution')}>
      {general && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, general)}</Paragraph>
        </Alert>
      )}
      <SelectField
        name={`${prefix}-kind`}
        label={t('questions.kind')}
        required
        value={kind}
        onChange={(value) => setKind(value as ContributionKind)}
        error={errors[`${prefix}-kind`] ?? null}
        options={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`questions.kinds.${k}`) }))}
      />
      <TextAreaField name={`${prefix}-body`} label={t('questions.body')} required rows={4} value={body} onChange={setBody} error={errors[`${prefix}-body`] ?? null} />
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('form.save')}
        </Button>
        <Button type="button" appearance="subtle-button" onClick={() => onClose()}>
          {t('form.cancel')}
        </Button>
      </ButtonGroup>
    </form>
  );
}

/** Adding an observation, data or a proposal for one's own (involved) party. */
function ContributionForm({ question }: { question: Question }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const queryClient = useQueryClient();
  const parties = contributionParties(me.data, question);
  const [partyId, setPartyId] = useState('');
  const [kind, setKind] = useState<ContributionKind>('observation');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  if (parties.length === 0) return null;
  const forParty = parties.length === 1 ? parties[0] : partyId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!body.trim()) found.body = { key: 'validation.required' };
    else if (body.length > LIMITS.longText) found.body = { key: 'validation.maxLength', params: { max: LIMITS.longText } };
    if (!forParty) found.partyId = { key: 'validation.required' };
    setErrors(found);
    setGeneral(null);
    setDone('');
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await addContribution(question.id, { kind, body, partyId: forParty });
      setBody('');
      setDone(t('questions.contributed'));
      void queryClient.invalidateQueries({ queryKey: questionKeys.contributions(question.id) });
      void queryClient.invalidateQueries({ queryKey: questionKeys.one(question.id) });
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['partyId', 'kind', 'body']);
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
    <form noValidate onSubmit={submit} className="kompas-form" aria-labelledby="contribute-heading">
      <Heading3 id="contribute-heading">{t('questions.contribute')}</Heading3>
      <p role="status" className="kompas-status">
        {done}
      </p>
      {general && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, general)}</Paragraph>
        </Alert>
      )}
      {parties.length > 1 && (
        <SelectField
          name="partyId"
          label={t('questions.forParty')}
          required
          value={partyId}
          onChange={setPartyId}
          error={errors.partyId ?? null}
          options={[{ value: '', label: t('form.choose') }, ...parties.map((id) => ({ value: id, label: names.name(id) }))]}
        />
      )}
      <SelectField
        name="kind"
        label={t('questions.kind')}
        required
        value={kind}
        onChange={(value) => setKind(value as ContributionKind)}
        error={errors.kind ?? null}
        options={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`questions.kinds.${k}`) }))}
      />
      <TextAreaField name="body" label={t('questions.body')} required rows={4} value={body} onChange={setBody} error={errors.body ?? null} />
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        {t('questions.contributeButton')}
      </Button>
    </form>
  );
}
