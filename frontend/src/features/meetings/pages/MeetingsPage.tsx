import { DataList, DataListItem, DataListKey, DataListValue, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SelectField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { useLinkedTitles } from '../../agenda/api';
import { usePartyNames } from '../../agenda/usePartyNames';
import { usePhases, useWorkFormats } from '../../compass/api';
import { useMeetings, type Meeting } from '../api';
import '../../agenda/agenda.css';

const SORTS = ['startsAt', '-startsAt'] as const;

/** The programme's meetings by date: work format, phase, who took part, and what came out of them. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') === '-startsAt' ? '-startsAt' : 'startsAt';
  const meetings = useMeetings(sort);
  return (
    <>
      <PageHeading>{t('meetings.title')}</PageHeading>
      <Paragraph>{t('meetings.intro')}</Paragraph>
      <div className="kompas-filters">
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={sort}
          onChange={(value) => setParams(value === '-startsAt' ? { sort: value } : {}, { replace: true })}
          error={null}
          options={SORTS.map((value) => ({ value, label: t(`meetings.sorts.${value}`) }))}
        />
      </div>
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <LoadError error={meetings.error} />
      ) : meetings.items.length === 0 ? (
        <Paragraph>{t('meetings.empty')}</Paragraph>
      ) : (
        <>
          <ul className="kompas-list">
            {meetings.items.map((meeting) => (
              <MeetingEntry key={meeting.id} meeting={meeting} />
            ))}
          </ul>
          <LoadMore list={meetings} />
        </>
      )}
    </>
  );
}

function MeetingEntry({ meeting }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const phases = usePhases();
  const formats = useWorkFormats();
  const agendaTitles = useLinkedTitles('agenda-items', meeting.agendaItemIds);
  const successTitles = useLinkedTitles('successes', meeting.successIds);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' }).formatRange(
    new Date(meeting.startsAt),
    new Date(meeting.endsAt),
  );
  const format = formats.items.find((f) => f.id === meeting.workFormatId);
  const phase = phases.items.find((p) => p.id === meeting.phaseId);
  const outcomes = [
    ...meeting.agendaItemIds.map((id, index) => ({ id, to: `/agenda/${id}`, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }) })),
    ...meeting.successIds.map((id, index) => ({ id, to: `/successes/${id}`, label: successTitles.get(id) ?? t('agenda.successN', { n: index + 1 }) })),
  ];
  return (
    <li>
      <Heading2 className="kompas-list-heading">{meeting.title}</Heading2>
      <Paragraph className="kompas-agenda-meta">
        <time dateTime={meeting.startsAt}>{when}</time>
        {meeting.location && ` · ${meeting.location}`}
      </Paragraph>
      <DataList>
        <DataListItem>
          <DataListKey>{t('meetings.workFormat')}</DataListKey>
          <DataListValue>{format?.name ?? '—'}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('agenda.phase')}</DataListKey>
          <DataListValue>{phase?.name ?? '—'}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.parties')}</DataListKey>
          <DataListValue>{meeting.partyIds.map((id) => names.name(id)).join(', ') || '—'}</DataListValue>
        </DataListItem>
        {meeting.agenda && (
          <DataListItem>
            <DataListKey>{t('meetings.agenda')}</DataListKey>
            <DataListValue>{meeting.agenda}</DataListValue>
          </DataListItem>
        )}
        {meeting.outcomeNotes && (
          <DataListItem>
            <DataListKey>{t('meetings.outcomeNotes')}</DataListKey>
            <DataListValue>{meeting.outcomeNotes}</DataListValue>
          </DataListItem>
        )}
      </DataList>
      {outcomes.length > 0 && (
        <>
          <p className="kompas-ball-item__title">{t('meetings.outcomes')}</p>
          <UnorderedList>
            {outcomes.map((outcome) => (
              <UnorderedListItem key={outcome.id}>
                <RouterLink to={outcome.to}>{outcome.label}</RouterLink>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
    </li>
  );
}
