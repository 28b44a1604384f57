import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, mapProblemToFields } from '../../../api';
import { SelectField, TextAreaField } from '../../../components/form/fields';
import { Section } from '../../../components/Section';
import { renderMessage, type FieldErrors, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';

/**
 * Moving the status of an agenda item or a question one allowed step, with a reason where one is
 * needed and any fields the step needs (`extra`, e.g. a question's findings). It sends the version
 * shown as If-Match; after a 412 it offers the latest version and keeps the choice and reason.
 */
export function StatusChangeSection<S extends string>({
  current,
  options,
  statusLabel,
  needsReason,
  texts,
  extra,
  validateExtra,
  extraFields = [],
  submit,
  onReload,
  onDone,
}: {
  current: S;
  options: readonly S[];
  statusLabel: (status: S) => string;
  needsReason: (status: S) => boolean;
  /** i18n keys: the reason's help and its error, and the 412 message. */
  texts: { reasonHelp: string; reasonRequired: string; stale: string };
  /** Fields the chosen step needs besides the reason, with their errors. */
  extra?: (status: S | '', errors: FieldErrors) => ReactNode;
  validateExtra?: (status: S) => FieldErrors;
  extraFields?: string[];
  submit: (status: S, reason: string) => Promise<unknown>;
  onReload: () => Promise<unknown>;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<S | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  if (options.length === 0) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    let found: FieldErrors = {};
    if (!status) found.status = { key: 'agenda.chooseStatus' };
    else {
      if (needsReason(status) && !reason.trim()) found.statusReason = { key: texts.reasonRequired };
      found = { ...found, ...validateExtra?.(status) };
    }
    if (reason.length > LIMITS.shortText) found.statusReason = { key: 'validation.maxLength', params: { max: LIMITS.shortText } };
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0 || !status) return;
    setBusy(true);
    try {
      await submit(status, reason.trim());
      setStatus('');
      setReason('');
      setStale(false);
      onDone(t('agenda.statusChanged', { status: statusLabel(status) }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['status', 'statusReason', ...extraFields]);
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
      <form noValidate onSubmit={onSubmit} className="kompas-form">
        {stale && (
          <Alert type="warning" role="alert" className="kompas-conflict">
            <Paragraph>{t(texts.stale)}</Paragraph>
            <Button type="button" appearance="secondary-action-button" onClick={() => void onReload().then(() => setStale(false))}>
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
          onChange={(value) => setStatus(value as S | '')}
          error={errors.status ?? null}
          description={t('agenda.allowedSteps', { status: statusLabel(current) })}
          options={[{ value: '', label: t('form.choose') }, ...options.map((s) => ({ value: s, label: statusLabel(s) }))]}
        />
        {extra?.(status, errors)}
        <TextAreaField
          name="statusReason"
          label={t('agenda.reason')}
          required={status !== '' && needsReason(status)}
          description={t(texts.reasonHelp)}
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
