import { Alert, Button, ButtonGroup, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The secret of a new API token, shown once: in a clearly marked panel, with a copy button, an
 * announcement (polite live region) that it was copied, and a warning that it will not be shown
 * again. The panel takes the focus when it appears. Closing it forgets the secret for good: it is
 * kept nowhere but in the state of the component that shows it.
 */
export function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
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
    <section className="kompas-secret" aria-labelledby="secret-heading">
      <Heading3 id="secret-heading" ref={headingRef} tabIndex={-1}>
        {t('tokens.secret.title', { name })}
      </Heading3>
      <Alert type="warning">
        <Paragraph>
          <strong>{t('tokens.secret.warning')}</strong>
        </Paragraph>
      </Alert>
      <Paragraph id="secret-label">{t('tokens.secret.label')}</Paragraph>
      <code className="kompas-secret__value" aria-labelledby="secret-label" data-testid="token-secret">
        {secret}
      </code>
      <ButtonGroup className="kompas-form-actions">
        <Button type="button" appearance="primary-action-button" onClick={() => void onCopy()}>
          {t('tokens.secret.copy')}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={onDone}>
          {t('tokens.secret.done')}
        </Button>
      </ButtonGroup>
      <p role="status" aria-live="polite" className="kompas-secret__status">
        {copy === 'copied' ? t('tokens.secret.copied') : copy === 'failed' ? t('tokens.secret.copyFailed') : ''}
      </p>
    </section>
  );
}
