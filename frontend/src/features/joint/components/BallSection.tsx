import { Alert, Button, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, mapProblemToFields } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { Badge } from '../../../components/Badge';
import { SelectField, TextAreaField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { LoadError, Loading } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { renderMessage, type FieldErrors, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { handOver, useHandoffs, type HandoffStatus, type Subject } from '../api';
import { formatDateTime } from '../format';
import { mayHandOver, type BallSubject } from '../rules';
import { usePartyNames } from '../usePartyNames';
import { HandoffActions } from './HandoffActions';

const HANDOFF_TONES: Record<HandoffStatus, 'neutral' | 'progress' | 'done' | 'muted'> = {
  pending: 'progress',
  accepted: 'done',
  declined: 'neutral',
  withdrawn: 'muted',
};

type Item = Pick<BallSubject, 'ballHolderId' | 'pendingHandoff'> & { id: string; title: string };

/**
 * "Waar ligt de bal?" on an agenda item or a question: who has it, a handoff that waits (to
 * accept, decline or withdraw), the form to hand it over, and the handoff history.
 */
export function BallSection({ subject, item, onDone }: { subject: Subject; item: Item; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const lng = i18n.language;
  return (
    <>
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
              subject={subject}
              itemTitle={item.title}
              handoff={{ id: item.pendingHandoff.id, status: 'pending', toPartyId: item.pendingHandoff.toPartyId, fromPartyId: item.ballHolderId }}
              onDone={onDone}
            />
          </>
        )}
        {mayHandOver(me.data, item) && <HandOverForm subject={subject} ballHolderId={item.ballHolderId} onDone={onDone} />}
      </Section>
      <HandoffHistory subject={subject} />
    </>
  );
}

function HandoffHistory({ subject }: { subject: Subject }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const handoffs = useHandoffs(subject);
  const lng = i18n.language;
  return (
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
  );
}

/** Handing the ball to another party, with a note for them. */
function HandOverForm({ subject, ballHolderId, onDone }: { subject: Subject; ballHolderId: string; onDone: (message: string) => void }) {
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
      await handOver(subject, toPartyId, note.trim());
      const party = names.name(toPartyId);
      setToPartyId('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: [subject.kind] });
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
        options={[{ value: '', label: t('form.choose') }, ...names.parties.filter((p) => p.id !== ballHolderId).map((p) => ({ value: p.id, label: p.name }))]}
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
