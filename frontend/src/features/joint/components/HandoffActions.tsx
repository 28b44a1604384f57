import { Alert, Button, ButtonGroup, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { TextAreaField } from '../../../components/form/fields';
import { deleteProblem } from '../../../lib/deleteProblem';
import { renderMessage, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { decideHandoff, type Handoff, type Subject } from '../api';
import { mayDecide, mayWithdraw } from '../rules';

type Decision = 'accepted' | 'declined' | 'withdrawn';

/**
 * What the user may do with a handoff of an agenda item or question that waits: accept or decline it (with a reason) for the
 * receiving party, withdraw it for the giving side. `onDone` gets a message to announce.
 */
export function HandoffActions({
  subject,
  itemTitle,
  handoff,
  onDone,
}: {
  subject: Subject;
  itemTitle: string;
  handoff: Pick<Handoff, 'id' | 'status' | 'toPartyId' | 'fromPartyId'>;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<Decision | null>(null);
  const [dialog, setDialog] = useState<'declined' | 'withdrawn' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<Message | null>(null);
  const [problem, setProblem] = useState<Message | null>(null);
  const close = useCallback(() => {
    setDialog(null);
    setReasonError(null);
    setProblem(null);
  }, []);

  const canDecide = mayDecide(me.data, handoff);
  const canWithdraw = mayWithdraw(me.data, handoff);
  if (!canDecide && !canWithdraw) return null;

  const decide = async (status: Decision) => {
    if (status === 'declined') {
      const trimmed = reason.trim();
      const error = !trimmed ? { key: 'agenda.handoff.reasonRequired' } : reason.length > LIMITS.shortText ? { key: 'validation.maxLength', params: { max: LIMITS.shortText } } : null;
      setReasonError(error);
      if (error) return;
    }
    setBusy(status);
    setProblem(null);
    try {
      await decideHandoff(subject, handoff.id, status, status === 'declined' ? reason.trim() : '');
      setDialog(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: [subject.kind] });
      void queryClient.invalidateQueries({ queryKey: ['handoffs'] });
      onDone(t(`agenda.handoff.done.${status}`, { title: itemTitle }));
    } catch (error) {
      const found = deleteProblem(error);
      // 409: someone decided meanwhile; the API's words say how.
      setProblem(found.detail ? { text: found.detail } : found.message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="kompas-handoff-actions">
      <ButtonGroup>
        {canDecide && (
          <>
            <Button
              type="button"
              appearance="primary-action-button"
              busy={busy === 'accepted'}
              disabled={busy !== null}
              aria-label={`${t('agenda.handoff.accept')}: ${itemTitle}`}
              onClick={() => void decide('accepted')}
            >
              {t('agenda.handoff.accept')}
            </Button>
            <Button
              type="button"
              appearance="secondary-action-button"
              disabled={busy !== null}
              aria-label={`${t('agenda.handoff.decline')}: ${itemTitle}`}
              onClick={() => setDialog('declined')}
            >
              {t('agenda.handoff.decline')}
            </Button>
          </>
        )}
        {canWithdraw && (
          <Button
            type="button"
            appearance="secondary-action-button"
            disabled={busy !== null}
            aria-label={`${t('agenda.handoff.withdraw')}: ${itemTitle}`}
            onClick={() => setDialog('withdrawn')}
          >
            {t('agenda.handoff.withdraw')}
          </Button>
        )}
      </ButtonGroup>
      {problem && !dialog && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, problem)}</Paragraph>
        </Alert>
      )}
      <ConfirmDialog
        open={dialog === 'declined'}
        title={t('agenda.handoff.declineTitle', { title: itemTitle })}
        confirmLabel={t('agenda.handoff.decline')}
        busy={busy === 'declined'}
        onConfirm={() => void decide('declined')}
        onClose={close}
        error={problem && renderMessage(t, problem)}
      >
        <>
          <Paragraph>{t('agenda.handoff.declineBody')}</Paragraph>
          <TextAreaField
            name={`decline-reason-${handoff.id}`}
            label={t('agenda.handoff.reason')}
            required
            rows={3}
            value={reason}
            onChange={setReason}
            error={reasonError}
          />
        </>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'withdrawn'}
        title={t('agenda.handoff.withdrawTitle', { title: itemTitle })}
        confirmLabel={t('agenda.handoff.withdraw')}
        busy={busy === 'withdrawn'}
        onConfirm={() => void decide('withdrawn')}
        onClose={close}
        error={problem && renderMessage(t, problem)}
      >
        {t('agenda.handoff.withdrawBody')}
      </ConfirmDialog>
    </div>
  );
}
