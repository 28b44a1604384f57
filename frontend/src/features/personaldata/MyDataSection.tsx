import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../../components/Section';
import { downloadMyData } from './api';

/** "Mijn gegevens downloaden": everything Kompas holds about me as a JSON file (AVG art. 15). */
export function MyDataSection() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; name: string } | { ok: false } | null>(null);
  const download = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, name: await downloadMyData() });
    } catch {
      setResult({ ok: false });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="my-data" title={t('personalData.title')}>
      <Paragraph>{t('personalData.intro')}</Paragraph>
      <Button type="button" appearance="secondary-action-button" busy={busy} disabled={busy} onClick={() => void download()}>
        {t('personalData.download')}
      </Button>
      <p role="status" className={result?.ok ? 'kompas-status' : 'visually-hidden'}>
        {result?.ok ? t('personalData.downloaded', { name: result.name }) : ''}
      </p>
      {result && !result.ok && (
        <Alert type="error" role="alert">
          <Paragraph>{t('personalData.downloadFailed')}</Paragraph>
        </Alert>
      )}
    </Section>
  );
}
