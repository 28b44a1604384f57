import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { CheckboxGroupField, DateField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS } from '../../../lib/validation';
import { JointDeleteAction, JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { ParticipantsFieldset, participantLabels, participantRules } from '../../joint/components/ParticipantsFieldset';
import { useDrivers, usePhases } from '../../compass/api';
import {
  AGENDA_VISIBILITIES,
  START_STATUSES,
  agendaKeys,
  createAgendaItem,
  deleteAgendaItem,
  readAgendaItem,
  updateAgendaItem,
  useQuestionOptions,
  type AgendaItem,
  type AgendaStatus,
  type Visibility,
} from '../api';
import { today } from '../../joint/format';
import { toBody, toValues, type AgendaValues } from '../values';
import { HORIZON_PATTERN, mayCreate } from '../rules';
import { usePartyNames } from '../../joint/usePartyNames';
import '../../joint/joint.css';

const EMPTY: AgendaValues = {
  title: '',
  description: '',
  horizon: '',
  phaseId: '',
  status: 'idea',
  leadPartyId: '',
  ballHolderId: '',
  targetDate: '',
  progress: '0',
  driverIds: [],
  questionIds: [],
  participants: [],
  visibility: 'organisation',
};

const agendaItem: JointRecordKind<AgendaValues, AgendaItem> = {
  path: '/agenda',
  keys: agendaKeys,
  read: readAgendaItem,
  toValues,
  create: (values) => createAgendaItem(toBody(values, true)),
  update: (id, values, etag) => updateAgendaItem(id, toBody(values, false), etag),
  remove: deleteAgendaItem,
};

export default function AgendaItemFormPage() {
  return <JointFormPage kind={agendaItem} titles={{ new: 'agenda.newTitle', edit: 'agenda.editTitle' }} empty={EMPTY} form={AgendaItemForm} />;
}

function AgendaItemForm({ id, initial, etag }: JointFormProps<AgendaValues>) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const drivers = useDrivers();
  const questions = useQuestionOptions();
  const isNew = id === undefined;
  const { form, latestOf, cancelTo } = useJointForm(agendaItem, {
    id,
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.name },
      description: { maxLength: LIMITS.longText },
      horizon: { pattern: HORIZON_PATTERN, patternMessage: 'agenda.horizonFormat' },
      leadPartyId: { required: true },
      // A date already saved may stay as it was, even when it has passed (as the API allows).
      targetDate: values.targetDate !== initial.targetDate || isNew ? { minDate: today() } : {},
      progress: { integer: { min: 0, max: 100 } },
      ...participantRules(values.participants),
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('agenda.titleField'),
    description: t('common.description'),
    horizon: t('agenda.horizon'),
    phaseId: t('agenda.phase'),
    status: t('agenda.startStatus'),
    leadPartyId: t('agenda.leadParty'),
    ballHolderId: t('agenda.ballHolder'),
    targetDate: t('agenda.targetDate'),
    progress: t('agenda.progressField'),
    driverIds: t('agenda.drivers'),
    questionIds: t('agenda.questions'),
    participants: t('agenda.participants'),
    visibility: t('agenda.visibility'),
  };
  Object.assign(labels, participantLabels(t, values.participants));
  const partyOptions = names.parties.map((party) => ({ value: party.id, label: party.name }));

  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={cancelTo}>
        <TextField {...form.field('title')} label={labels.title} required latest={latestOf('title')} />
        <TextAreaField {...form.field('description')} label={labels.description} latest={latestOf('description')} />
        <SelectField
          {...form.field('leadPartyId')}
          label={labels.leadPartyId}
          description={t('agenda.leadPartyHelp')}
          required
          options={[{ value: '', label: t('form.choose') }, ...partyOptions]}
        />
        {isNew && (
          <>
            <SelectField
              {...form.field('ballHolderId')}
              label={labels.ballHolderId}
              description={t('agenda.ballHolderHelp')}
              options={[{ value: '', label: t('agenda.ballWithLead') }, ...partyOptions]}
            />
            <SelectField
              {...form.field('status')}
              onChange={(value) => form.set('status', value as AgendaStatus)}
              label={labels.status}
              required
              options={START_STATUSES.map((status) => ({ value: status, label: t(`agenda.statuses.${status}`) }))}
            />
          </>
        )}
        <SelectField
          {...form.field('phaseId')}
          label={labels.phaseId}
          options={[{ value: '', label: t('agenda.noPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <TextField {...form.field('horizon')} label={labels.horizon} description={t('agenda.horizonHelp')} latest={latestOf('horizon')} />
        <DateField {...form.field('targetDate')} label={labels.targetDate} min={form.values.targetDate !== initial.targetDate || isNew ? today() : undefined} />
        <TextField {...form.field('progress')} label={labels.progress} description={t('agenda.progressHelp')} />
        <SelectField
          {...form.field('visibility')}
          onChange={(value) => form.set('visibility', value as Visibility)}
          label={labels.visibility}
          required
          options={AGENDA_VISIBILITIES.map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))}
        />
        {drivers.items.length > 0 && (
          <CheckboxGroupField
            name="driverIds"
            legend={labels.driverIds}
            description={t('agenda.driversHelp')}
            groups={[{ label: t('agenda.driversGroup'), options: drivers.items.map((d) => ({ value: d.id, label: d.title })) }]}
            value={values.driverIds}
            onChange={(value) => form.set('driverIds', value)}
            error={form.errors.driverIds ?? null}
          />
        )}
        {(questions.data?.items.length ?? 0) > 0 && (
          <CheckboxGroupField
            name="questionIds"
            legend={labels.questionIds}
            description={t('agenda.questionsHelp')}
            groups={[{ label: t('agenda.questionsGroup'), options: (questions.data?.items ?? []).map((q) => ({ value: q.id, label: q.title })) }]}
            value={values.questionIds}
            onChange={(value) => form.set('questionIds', value)}
            error={form.errors.questionIds ?? null}
          />
        )}
        <ParticipantsFieldset
          value={values.participants}
          onChange={(participants) => form.set('participants', participants)}
          errors={form.errors}
          partyOptions={partyOptions}
        />
      </FormLayout>
      {id && mayCreate(me.data) && <JointDeleteAction kind={agendaItem} id={id} name={initial.title} etag={form.etag} />}
    </>
  );
}
