import { DataList, DataListItem, DataListKey, DataListValue, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { useLinkedTitles } from '../../joint/api';
import { usePartyNames } from '../../joint/usePartyNames';
import { usePhases, useWorkFormats } from '../../compass/api';
import { useMeetings, type Meeting, type MeetingFilters } from '../api';
import { CalendarSection } from '../components/CalendarSection';
import { MeetingTime } from '../components/MeetingTime';
import { mayCreate } from '../../joint/rules';
import { useMe } from '../../../auth/useMe';
import { useState } from 'react';
import '../../joint/joint.css';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

const SORTS = ['startsAt', '-startsAt'] as const;
const WHEN = ['upcoming', 'past'] as const;

/** Now, to the minute: the boundary between upcoming and past meetings (stable within a minute, so the query key is). */
const nowToMinute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();

/** The programme's meetings by date, filtered by when, phase and work format; and how to subscribe to the calendar. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, updateParams] = useSearchParamUpdate();
  const phases = usePhases();
  const formats = useWorkFormats();
  const whenParam = params.get('when');
  const when = WHEN.find((w) => w === whenParam);
  const filters: MeetingFilters = {
    when,
    phaseId: params.get('phaseId') || undefined,
    workFormatId: params.get('workFormatId') || undefined,
    // Upcoming ones soonest first, past ones latest first, unless the user chose.
    sort: params.get('sort') === '-startsAt' || (when === 'past' && params.get('sort') !== 'startsAt') ? '-startsAt' : 'startsAt',
  };
  const [now] = useState(nowToMinute);
  const meetings = useMeetings(filters, now);
  const update = (key: string, value: string) => updateParams({ [key]: value });
  const filtered = Boolean(filters.when || filters.phaseId || filters.workFormatId);
  return (
    <>
      <PageHeading>{t('meetings.title')}</PageHeading>
      <Paragraph>{t('meetings.intro')}</Paragraph>
      {mayCreate(me.data) && (
        <div className="kompas-actions">
          <ButtonRouterLink to="/meetings/new">{t('meetings.new')}</ButtonRouterLink>
        </div>
      )}
      <div role="group" aria-label={t('meetings.filtersLabel')} className="kompas-filters">
        <SelectField
          name="when"
          label={t('meetings.whenFilter')}
          filter
          value={when ?? ''}
          onChange={(value) => update('when', value)}
          error={null}
          options={[{ value: '', label: t('meetings.whenAll') }, ...WHEN.map((w) => ({ value: w, label: t(`meetings.whenOptions.${w}`) }))]}
        />
        <SelectField
          name="phaseId"
          label={t('agenda.phase')}
          filter
          value={filters.phaseId ?? ''}
          onChange={(value) => update('phaseId', value)}
          error={null}
          options={[{ value: '', label: t('agenda.filters.anyPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          name="workFormatId"
          label={t('meetings.workFormat')}
          filter
          value={filters.workFormatId ?? ''}
          onChange={(value) => update('workFormatId', value)}
          error={null}
          options={[{ value: '', label: t('meetings.anyWorkFormat') }, ...formats.items.map((f) => ({ value: f.id, label: f.name }))]}
        />
        <SelectField
          name="sort"
          label={t('agenda.filters.sort')}
          filter
          value={filters.sort}
          onChange={(value) => update('sort', value)}
          error={null}
          options={SORTS.map((value) => ({ value, label: t(`meetings.sorts.${value}`) }))}
        />
      </div>
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <LoadError error={meetings.error} />
      ) : meetings.items.length === 0 ? (
        <Paragraph role="status">{filtered ? t('meetings.noResults') : t('meetings.empty')}</Paragraph>
      ) : (
        <>
          <p role="status" className="visually-hidden">
            {t('meetings.resultCount', { count: meetings.items.length })}
          </p>
          <ul className="kompas-list">
            {meetings.items.map((meeting) => (
              <MeetingEntry key={meeting.id} meeting={meeting} />
            ))}
          </ul>
          <LoadMore list={meetings} />
        </>
      )}
      <CalendarSection />
    </>
  );
}

function MeetingEntry({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const names = usePartyNames();
  const phases = usePhases();
  const formats = useWorkFormats();
  const agendaTitles = useLinkedTitles('agenda-items', meeting.agendaItemIds);
  const successTitles = useLinkedTitles('successes', meeting.successIds);
  const format = formats.items.find((f) => f.id === meeting.workFormatId);
  const phase = phases.items.find((p) => p.id === meeting.phaseId);
  const outcomes = [
    ...meeting.agendaItemIds.map((id, index) => ({ id, to: `/agenda/${id}`, label: agendaTitles.get(id) ?? t('questions.agendaItemN', { n: index + 1 }) })),
    ...meeting.successIds.map((id, index) => ({ id, to: `/successes/${id}`, label: successTitles.get(id) ?? t('agenda.successN', { n: index + 1 }) })),
  ];
  return (
    <li>
      <Heading2 className="kompas-list-heading">
        <RouterLink to={`/meetings/${meeting.id}`}>{meeting.title}</RouterLink>
      </Heading2>
      <Paragraph className="kompas-agenda-meta">
        <MeetingTime meeting={meeting} />
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
