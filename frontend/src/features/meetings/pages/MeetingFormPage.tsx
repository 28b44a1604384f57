import { useTranslation } from 'react-i18next';
import { CheckboxGroupField, DateTimeField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS } from '../../../lib/validation';
import { usePhases, useWorkFormats } from '../../compass/api';
import { VISIBILITIES, useRecordOptions, type Visibility } from '../../joint/api';
import { JointDeleteAction, JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { usePartyNames } from '../../joint/usePartyNames';
import { createMeeting, deleteMeeting, meetingKeys, readMeeting, updateMeeting, usePeopleOptions, useSnapshotOptions, type Meeting } from '../api';
import { localZoneName } from '../datetime';
import { emptyMeeting, endsBeforeStart, toMeetingBody, toMeetingValues, type MeetingValues } from '../values';
import '../../joint/joint.css';

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const NEVER = /(?!)/;

const meeting: JointRecordKind<MeetingValues, Meeting> = {
  path: '/meetings',
  keys: meetingKeys,
  read: readMeeting,
  toValues: toMeetingValues,
  create: (values) => createMeeting(toMeetingBody(values)),
  update: (id, values, etag) => updateMeeting(id, toMeetingBody(values), etag),
  remove: deleteMeeting,
};

/** Planning a meeting, or recording what came out of it. */
export default function MeetingFormPage() {
  return <JointFormPage kind={meeting} titles={{ new: 'meetings.newTitle', edit: 'meetings.editTitle' }} empty={emptyMeeting} form={MeetingForm} />;
}

function MeetingForm({ id, initial, etag }: JointFormProps<MeetingValues>) {
  const { t } = useTranslation();
  const names = usePartyNames();
  const phases = usePhases();
  const formats = useWorkFormats();
  const people = usePeopleOptions();
  const agendaItems = useRecordOptions('agenda-items');
  const successes = useRecordOptions('successes');
  const snapshots = useSnapshotOptions();
  const { form, latestOf, cancelTo } = useJointForm(meeting, {
    id,
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.name },
      location: { maxLength: LIMITS.name },
      agenda: { maxLength: LIMITS.longText },
      outcomeNotes: { maxLength: LIMITS.longText },
      startsAt: { required: true, pattern: LOCAL_DATE_TIME, patternMessage: 'meetings.dateTimeFormat' },
      endsAt: endsBeforeStart(values)
        ? { required: true, pattern: NEVER, patternMessage: 'meetings.endsBeforeStart' }
        : { required: true, pattern: LOCAL_DATE_TIME, patternMessage: 'meetings.dateTimeFormat' },
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('agenda.titleField'),
    agenda: t('meetings.agenda'),
    location: t('meetings.location'),
    startsAt: t('meetings.startsAt'),
    endsAt: t('meetings.endsAt'),
    phaseId: t('agenda.phase'),
    workFormatId: t('meetings.workFormat'),
    visibility: t('agenda.visibility'),
    partyIds: t('meetings.parties'),
    personIds: t('meetings.people'),
    agendaItemIds: t('meetings.agendaItems'),
    successIds: t('meetings.successes'),
    snapshotIds: t('meetings.snapshots'),
    outcomeNotes: t('meetings.outcomeNotes'),
  };
  const zone = t('meetings.timeHelp', { zone: localZoneName() });
  const checkboxes = (
    name: 'partyIds' | 'personIds' | 'agendaItemIds' | 'successIds' | 'snapshotIds',
    groups: { label: string; options: { value: string; label: string }[] }[],
    description?: string,
  ) => {
    const shown = groups.filter((g) => g.options.length > 0);
    return (
      shown.length > 0 && (
        <CheckboxGroupField
          name={name}
          legend={labels[name]}
          description={description}
          groups={shown}
          value={values[name]}
          onChange={(value) => form.set(name, value)}
          error={form.errors[name] ?? null}
        />
      )
    );
  };
  const peopleByParty = names.parties.map((party) => ({
    label: party.name,
    options: (people.data?.items ?? []).filter((p) => p.partyId === party.id).map((p) => ({ value: p.id, label: p.name })),
  }));

  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={cancelTo}>
        <TextField {...form.field('title')} label={labels.title} required latest={latestOf('title')} />
        <DateTimeField {...form.field('startsAt')} label={labels.startsAt} description={zone} required />
        <DateTimeField {...form.field('endsAt')} label={labels.endsAt} description={zone} required />
        <TextField {...form.field('location')} label={labels.location} latest={latestOf('location')} />
        <TextAreaField {...form.field('agenda')} label={labels.agenda} latest={latestOf('agenda')} />
        <SelectField
          {...form.field('phaseId')}
          label={labels.phaseId}
          options={[{ value: '', label: t('agenda.noPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          {...form.field('workFormatId')}
          label={labels.workFormatId}
          options={[{ value: '', label: t('meetings.noWorkFormat') }, ...formats.items.map((f) => ({ value: f.id, label: f.name }))]}
        />
        <SelectField
          {...form.field('visibility')}
          onChange={(value) => form.set('visibility', value as Visibility)}
          label={labels.visibility}
          description={t('meetings.visibilityHelp')}
          required
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))}
        />
        {checkboxes('partyIds', [{ label: t('successes.partiesGroup'), options: names.parties.map((p) => ({ value: p.id, label: p.name })) }])}
        {checkboxes('personIds', peopleByParty)}
        <TextAreaField {...form.field('outcomeNotes')} label={labels.outcomeNotes} description={t('meetings.outcomeNotesHelp')} latest={latestOf('outcomeNotes')} />
        {checkboxes('agendaItemIds', [{ label: t('successes.agendaItemsGroup'), options: (agendaItems.data ?? []).map((a) => ({ value: a.id, label: a.title })) }], t('meetings.outcomesHelp'))}
        {checkboxes('successIds', [{ label: t('meetings.successesGroup'), options: (successes.data ?? []).map((s) => ({ value: s.id, label: s.title })) }])}
        {checkboxes(
          'snapshotIds',
          (snapshots.data ?? []).map(({ map, snapshots: list }) => ({ label: map.title, options: list.map((s) => ({ value: s.id, label: s.label })) })),
        )}
      </FormLayout>
      {id && <JointDeleteAction kind={meeting} id={id} name={initial.title} etag={form.etag} />}
    </>
  );
}
