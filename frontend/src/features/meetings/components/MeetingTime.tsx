import { useTranslation } from 'react-i18next';
import type { Meeting } from '../api';

/** When a meeting is, as one range in the reader's locale and time zone. */
export function MeetingTime({ meeting }: { meeting: Pick<Meeting, 'startsAt' | 'endsAt'> }) {
  const { i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' }).formatRange(new Date(meeting.startsAt), new Date(meeting.endsAt));
  return <time dateTime={meeting.startsAt}>{when}</time>;
}
