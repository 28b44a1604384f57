import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, mapProblemToFields } from '../../../api';
import { DateField, SelectField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { RouterLink } from '../../../components/RouterLink';
import type { Message } from '../../../lib/messages';
import { today } from '../../joint/format';
import { fetchReport, printablePage, type ReportPeriod } from '../api';
import '../dashboard.css';

type Errors = Partial<Record<'from' | 'to' | 'lang', Message>>;

/** The progress report of a period: open it as a printable page, or download the PDF. */
export default function ReportPage() {
  const { t, i18n } = useTranslation();
  const end = today();
  const [period, setPeriod] = useState<ReportPeriod>({
    from: `${end.slice(0, 4)}-01-01`,
    to: end,
    lang: i18n.language.startsWith('en') ? 'en' : 'nl',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<'html' | 'pdf' | null>(null);
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState(false);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [pdf, setPdf] = useState<{ url: string; name: string } | null>(null);

  // Blob URLs hold the report in memory until they are let go.
  useEffect(() => () => void (pageUrl && URL.revokeObjectURL(pageUrl)), [pageUrl]);
  useEffect(() => () => void (pdf && URL.revokeObjectURL(pdf.url)), [pdf]);

  const check = (): boolean => {
    const found: Errors = {};
    if (!period.from) found.from = { key: 'validation.required' };
    if (!period.to) found.to = { key: 'validation.required' };
    if (period.from && period.to && period.to < period.from) found.to = { key: 'dashboard.reportPage.toBeforeFrom' };
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  const make = async (format: 'html' | 'pdf') => {
    if (!check()) return;
    // Opened before the report is fetched, so the browser sees it as the user's own click.
    const opened = format === 'html' ? window.open('', '_blank') : null;
    setBusy(format);
    setFailed(false);
    setStatus(t('dashboard.reportPage.making'));
    try {
      const blob = await fetchReport(period, format);
      const name = `kompas-${period.lang === 'nl' ? 'voortgang' : 'progress'}-${period.from}-${period.to}.${format}`;
      if (format === 'pdf') {
        const url = URL.createObjectURL(blob);
        setPdf({ url, name });
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        document.body.append(link);
        link.click();
        link.remove();
        setStatus(t('dashboard.reportPage.pdfReady'));
      } else {
        const url = URL.createObjectURL(await printablePage(blob, window.location.origin));
        setPageUrl(url);
        if (opened) opened.location.href = url;
        setStatus(t('dashboard.reportPage.pageReady'));
      }
    } catch (error) {
      opened?.close();
      if (error instanceof ApiError && error.status === 400 && error.problem) {
        const mapped = mapProblemToFields(error.problem, ['from', 'to', 'lang']);
        setErrors(mapped.fields as Errors);
      }
      setFailed(true);
      setStatus(t('dashboard.reportPage.failed'));
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void make('html');
  };

  return (
    <>
      <PageHeading>{t('dashboard.reportPage.title')}</PageHeading>
      <Paragraph>{t('dashboard.reportPage.intro')}</Paragraph>
      <form onSubmit={submit} noValidate aria-label={t('dashboard.reportPage.period')}>
        <div className="kompas-report-form">
          <DateField name="from" label={t('dashboard.reportPage.from')} required value={period.from} max={period.to || undefined} error={errors.from ?? null} onChange={(from) => setPeriod({ ...period, from })} />
          <DateField name="to" label={t('dashboard.reportPage.to')} required value={period.to} min={period.from || undefined} error={errors.to ?? null} onChange={(to) => setPeriod({ ...period, to })} />
          <SelectField
            name="lang"
            label={t('dashboard.reportPage.language')}
            required
            value={period.lang}
            error={errors.lang ?? null}
            onChange={(lang) => setPeriod({ ...period, lang: lang === 'en' ? 'en' : 'nl' })}
            options={[
              { value: 'nl', label: t('languages.nl') },
              { value: 'en', label: t('languages.en') },
            ]}
          />
        </div>
        <div className="kompas-report-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy === 'html'} disabled={busy !== null}>
            {t('dashboard.reportPage.open')}
          </Button>
          <Button type="button" appearance="secondary-action-button" busy={busy === 'pdf'} disabled={busy !== null} onClick={() => void make('pdf')}>
            {t('dashboard.reportPage.download')}
          </Button>
        </div>
      </form>
      <div role="status">{status && !failed && <Paragraph>{status}</Paragraph>}</div>
      {failed && (
        <Alert type="error" role="alert">
          <Paragraph>{status}</Paragraph>
        </Alert>
      )}
      {(pageUrl || pdf) && (
        <ul className="kompas-list">
          {pageUrl && (
            <li>
              <a className="utrecht-link utrecht-link--html-a" href={pageUrl} target="_blank" rel="noreferrer">
                {t('dashboard.reportPage.openAgain')}
              </a>
            </li>
          )}
          {pdf && (
            <li>
              <a className="utrecht-link utrecht-link--html-a" href={pdf.url} download={pdf.name}>
                {t('dashboard.reportPage.downloadAgain', { name: pdf.name })}
              </a>
            </li>
          )}
        </ul>
      )}
      <Paragraph>
        <RouterLink to="/dashboard">{t('dashboard.reportPage.back')}</RouterLink>
      </Paragraph>
    </>
  );
}
