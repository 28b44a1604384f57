import { Alert, Button, DataList, DataListItem, DataListKey, DataListValue, Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api';
import { DeleteAction } from '../../../components/DeleteAction';
import { LinkedList } from '../../joint/components/LinkedList';
import { useMe } from '../../../auth/useMe';
import { TextAreaField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { renderMessage, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { useLinkedTitles } from '../../joint/api';
import { formatDate, formatDateTime } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { useDrivers } from '../../compass/api';
import { endorse, mayChangeSuccess, mayEndorse, mayWithdrawEndorsement, successKeys, useSuccess, withdrawEndorsement, type Success } from '../api';
import '../../joint/joint.css';

/** One shared success: what it achieved, the evidence, who endorse it, and where it came from. */
export default function SuccessPage() {
  const { id = '' } = useParams();
  const success = useSuccess(id);
  if (success.isPending) return <Loading />;
  if (success.isError) return <LoadError error={success.error} />;
  return <SuccessDetails key={id} success={success.data.data} />;
}

function SuccessDetails({ success }: { success: Success }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const drivers = useDrivers();
  const agendaTitles = useLinkedTitles('agenda-items', success.agendaItemIds);
  const questionTitles = useLinkedTitles('questions', success.questionIds);
  const driverTitle = new Map(drivers.items.map((d) => [d.id, d.title]));
  const me = useMe();
  const queryClient = useQueryClient();
  const [withdrawn, setWithdrawn] = useState('');
  const lng = i18n.language;
  return (
    <>
      <PageHeading>{success.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/successes">{t('successes.backToList')}</RouterLink>
      </Paragraph>
      {mayChangeSuccess(me.data, success) && (
        <div className="kompas-actions">
          <ButtonRouterLink to={`/successes/${success.id}/edit`}>{t('successes.edit')}</ButtonRouterLink>
        </div>
      )}
      <p role="status" className="kompas-status">
        {withdrawn}
      </p>
      <Section id="details" title={t('agenda.details')}>
        {success.description && <Paragraph>{success.description}</Paragraph>}
        <DataList>
          <DataListItem>
            <DataListKey>{t('successes.achievedOn')}</DataListKey>
            <DataListValue>{formatDate(success.achievedOn, lng)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('successes.evidence')}</DataListKey>
            <DataListValue>
              {success.evidence || (success.evidenceUrl ? '' : '—')}
              {success.evidenceUrl && (
                <>
                  {success.evidence && ' '}
                  <a className="utrecht-link utrecht-link--html-a" href={success.evidenceUrl} rel="noreferrer">
                    {t('successes.evidenceLink')}
                  </a>
                </>
              )}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.visibility')}</DataListKey>
            <DataListValue>{t(`agenda.visibilities.${success.visibility}`)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('successes.parties')}</DataListKey>
            <DataListValue>{success.partyIds.map((id) => names.name(id)).join(', ') || '—'}</DataListValue>
          </DataListItem>
        </DataList>
      </Section>
      <Section id="chain" title={t('successes.chain')}>
        <LinkedList title={t('agenda.drivers')} empty={t('agenda.noDrivers')} items={success.driverIds.map((id) => ({ id, label: driverTitle.get(id) ?? t('agenda.unknownDriver'), to: `/drivers/${id}` }))} />
        <LinkedList
          title={t('successes.questions')}
          empty={t('agenda.noQuestions')}
          items={success.questionIds.map((id, index) => ({ id, label: questionTitles.get(id) ?? t('agenda.questionN', { n: index + 1 }), to: `/questions/${id}` }))}
        />
        <LinkedList
          title={t('successes.agendaItems')}
          empty={t('successes.noAgendaItems')}
          items={success.agendaItemIds.map((id, index) => ({ id, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }), to: `/agenda/${id}` }))}
        />
      </Section>
      <Section id="endorsements" title={t('successes.endorsements')}>
        {success.endorsements.length === 0 ? (
          <Paragraph>{t('successes.noEndorsements')}</Paragraph>
        ) : (
          <UnorderedList>
            {success.endorsements.map((e) => (
              <UnorderedListItem key={e.id}>
                {t('successes.endorsedBy', { party: names.name(e.partyId), person: e.endorsedBy, date: formatDateTime(e.createdAt, lng) })}
                {e.comment && (
                  <>
                    {': '}
                    <q>{e.comment}</q>
                  </>
                )}
                {mayWithdrawEndorsement(me.data, e) && (
                  <div className="kompas-actions">
                    <DeleteAction
                      name={t('successes.endorsementOf', { party: names.name(e.partyId) })}
                      buttonLabel={t('successes.withdraw')}
                      title={t('successes.withdrawTitle', { party: names.name(e.partyId) })}
                      body={t('successes.withdrawBody')}
                      confirmLabel={t('successes.withdraw')}
                      onDelete={() => withdrawEndorsement(success.id, e.id)}
                      onDeleted={() => {
                        setWithdrawn(t('successes.withdrawn', { party: names.name(e.partyId) }));
                        void queryClient.invalidateQueries({ queryKey: successKeys.one(success.id) });
                      }}
                    />
                  </div>
                )}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
        <EndorseForm success={success} />
      </Section>
    </>
  );
}

/** "We see this as ours too": for a party the success names, once. */
function EndorseForm({ success }: { success: Success }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Message | null>(null);
  const [problem, setProblem] = useState<Message | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const status = (
    <p role="status" className="kompas-status">
      {done}
    </p>
  );
  if (!mayEndorse(me.data, success)) return status;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const tooLong = comment.length > LIMITS.shortText;
    setError(tooLong ? { key: 'validation.maxLength', params: { max: LIMITS.shortText } } : null);
    setProblem(null);
    if (tooLong) return;
    setBusy(true);
    try {
      await endorse(success.id, comment.trim());
      setDone(t('successes.endorsed'));
      await queryClient.invalidateQueries({ queryKey: successKeys.one(success.id) });
    } catch (caught) {
      setProblem(caught instanceof ApiError && caught.problem?.detail ? { text: caught.problem.detail } : { key: 'errors.saveFailed' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="kompas-form" aria-labelledby="endorse-heading">
      <Heading3 id="endorse-heading">{t('successes.endorseTitle', { party: names.name(me.data?.partyId) })}</Heading3>
      {status}
      {problem && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, problem)}</Paragraph>
        </Alert>
      )}
      <TextAreaField name="comment" label={t('successes.comment')} rows={3} value={comment} onChange={setComment} error={error} />
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        {t('successes.endorse')}
      </Button>
    </form>
  );
}
