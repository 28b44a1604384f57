import { Alert, Button, ButtonGroup, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const SECRET_HEADING_ID = 'webhook-secret-heading';

/**
 * A webhook's signing secret, shown once (after creating the webhook or making a new secret): a
 * warning that it will not be shown again, a copy button whose result is announced politely, and
 * a button to go on. The panel's heading takes the focus when it appears. The secret lives only in
 * the state of the page that shows it: once the panel closes it is gone from the browser.
 */
export function WebhookSecretPanel({
  secret,
  title,
  note,
  doneLabel,
  onDone,
}: {
  secret: string;
  title: string;
  /** What else to know, such as until when the old secret stays valid. */
  note?: ReactNode;
  doneLabel?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const onCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <section className="kompas-secret" aria-labelledby={SECRET_HEADING_ID}>
      <Heading2 id={SECRET_HEADING_ID} ref={headingRef} tabIndex={-1}>
        {title}
      </Heading2>
      <Alert type="warning">
        <Paragraph>
          <strong>{t('webhooks.secret.warning')}</strong>
        </Paragraph>
      </Alert>
      {note && <Paragraph>{note}</Paragraph>}
      <Paragraph id="webhook-secret-label">{t('webhooks.secret.label')}</Paragraph>
      <code className="kompas-secret__value" aria-labelledby="webhook-secret-label" data-testid="webhook-secret">
        {secret}
      </code>
      <ButtonGroup className="kompas-form-actions">
        <Button type="button" appearance="primary-action-button" onClick={() => void onCopy()}>
          {t('webhooks.secret.copy')}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={onDone}>
          {doneLabel ?? t('webhooks.secret.done')}
        </Button>
      </ButtonGroup>
      <p role="status" aria-live="polite" className="kompas-secret__status">
        {copy === 'copied' ? t('webhooks.secret.copied') : copy === 'failed' ? t('webhooks.secret.copyFailed') : ''}
      </p>
    </section>
  );
}
