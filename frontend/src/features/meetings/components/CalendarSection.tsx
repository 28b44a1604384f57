import { Button, ButtonGroup, Paragraph, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { Section } from '../../../components/Section';
import { downloadCalendar, publicCalendarUrl } from '../api';

/**
 * "Abonneren op de agenda": the public iCalendar feed (published meetings and agenda target
 * dates, no login needed) to copy into a calendar app, and the full calendar as a file: that one
 * needs the user's token, so it is fetched here and saved, not linked.
 */
export function CalendarSection() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  if (!me.data) return null;
  const url = publicCalendarUrl(window.location.origin, me.data.organisationId);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('meetings.calendar.copied'));
    } catch {
      setStatus(t('meetings.calendar.copyFailed'));
    }
  };
  const download = async () => {
    setBusy(true);
    setStatus('');
    try {
      const blob = await downloadCalendar();
      const href = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = href;
      link.download = 'kompas.ics';
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(href);
      setStatus(t('meetings.calendar.downloaded'));
    } catch {
      setStatus(t('meetings.calendar.downloadFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="calendar" title={t('meetings.calendar.title')}>
      <Paragraph>{t('meetings.calendar.intro')}</Paragraph>
      <div className="kompas-field">
        <label className="utrecht-form-label" htmlFor="calendar-url">
          {t('meetings.calendar.publicUrl')}
        </label>
        <Textbox id="calendar-url" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
      </div>
      <Paragraph>{t('meetings.calendar.fullNeedsToken')}</Paragraph>
      <ButtonGroup>
        <Button type="button" appearance="secondary-action-button" onClick={() => void copy()}>
          {t('meetings.calendar.copy')}
        </Button>
        <Button type="button" appearance="secondary-action-button" busy={busy} disabled={busy} onClick={() => void download()}>
          {t('meetings.calendar.download')}
        </Button>
      </ButtonGroup>
      <p role="status" className="kompas-status">
        {status}
      </p>
    </Section>
  );
}
