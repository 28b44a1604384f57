import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { CheckboxGroupField, DateField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS } from '../../../lib/validation';
import { useDrivers } from '../../compass/api';
import { VISIBILITIES, useRecordOptions, type Visibility } from '../../joint/api';
import { JointDeleteAction, JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { today } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { createSuccess, deleteSuccess, mayChangeSuccess, readSuccess, successKeys, updateSuccess, type Success } from '../api';
import { emptySuccess, toSuccessBody, toSuccessValues, type SuccessValues } from '../values';
import '../../joint/joint.css';

const success: JointRecordKind<SuccessValues, Success> = {
  path: '/successes',
  keys: successKeys,
  read: readSuccess,
  toValues: toSuccessValues,
  create: (values) => createSuccess(toSuccessBody(values)),
  update: (id, values, etag) => updateSuccess(id, toSuccessBody(values), etag),
  remove: deleteSuccess,
};

/** Naming a shared success, or changing one. */
export default function SuccessFormPage() {
  const me = useMe();
  // A partner names a success of its own party.
  const empty = me.data ? emptySuccess(me.data.role === 'partner' ? me.data.partyId : null) : undefined;
  return <JointFormPage kind={success} titles={{ new: 'successes.newTitle', edit: 'successes.editTitle' }} empty={empty} form={SuccessForm} />;
}

function SuccessForm({ id, initial, etag }: JointFormProps<SuccessValues>) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const drivers = useDrivers();
  const agendaItems = useRecordOptions('agenda-items');
  const questions = useRecordOptions('questions');
  const isNew = id === undefined;
  const { form, latestOf, cancelTo } = useJointForm(success, {
    id,
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.name },
      description: { maxLength: LIMITS.longText },
      // Not in the future; a date already saved may stay as it was.
      achievedOn: { required: true, ...(values.achievedOn !== initial.achievedOn || isNew ? { maxDate: today() } : {}) },
      evidence: { maxLength: LIMITS.shortText },
      evidenceUrl: { kind: 'url', maxLength: LIMITS.url },
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('agenda.titleField'),
    description: t('common.description'),
    achievedOn: t('successes.achievedOn'),
    evidence: t('successes.evidence'),
    evidenceUrl: t('successes.evidenceUrl'),
    visibility: t('agenda.visibility'),
    partyIds: t('successes.parties'),
    agendaItemIds: t('successes.agendaItems'),
    questionIds: t('successes.questions'),
    driverIds: t('agenda.drivers'),
  };
  const checkboxes = (name: 'partyIds' | 'agendaItemIds' | 'questionIds' | 'driverIds', group: string, options: { value: string; label: string }[], description?: string) =>
    options.length > 0 && (
      <CheckboxGroupField
        name={name}
        legend={labels[name]}
        description={description}
        groups={[{ label: group, options }]}
        value={values[name]}
        onChange={(value) => form.set(name, value)}
        error={form.errors[name] ?? null}
      />
    );

  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={cancelTo}>
        <TextField {...form.field('title')} label={labels.title} required latest={latestOf('title')} />
        <TextAreaField {...form.field('description')} label={labels.description} latest={latestOf('description')} />
        <DateField
          {...form.field('achievedOn')}
          label={labels.achievedOn}
          description={t('successes.achievedOnHelp')}
          required
          max={values.achievedOn !== initial.achievedOn || isNew ? today() : undefined}
        />
        <TextField {...form.field('evidence')} label={labels.evidence} description={t('successes.evidenceHelp')} latest={latestOf('evidence')} />
        <TextField {...form.field('evidenceUrl')} type="url" label={labels.evidenceUrl} description={t('successes.evidenceUrlHelp')} />
        <SelectField
          {...form.field('visibility')}
          onChange={(value) => form.set('visibility', value as Visibility)}
          label={labels.visibility}
          required
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))}
        />
        {checkboxes(
          'partyIds',
          t('successes.partiesGroup'),
          names.parties.map((p) => ({ value: p.id, label: p.name })),
          t('successes.partiesHelp'),
        )}
        {checkboxes('driverIds', t('agenda.driversGroup'), drivers.items.map((d) => ({ value: d.id, label: d.title })))}
        {checkboxes('questionIds', t('agenda.questionsGroup'), (questions.data ?? []).map((q) => ({ value: q.id, label: q.title })))}
        {checkboxes('agendaItemIds', t('successes.agendaItemsGroup'), (agendaItems.data ?? []).map((a) => ({ value: a.id, label: a.title })))}
      </FormLayout>
      {id && mayChangeSuccess(me.data, { partyIds: initial.partyIds }) && (
        <JointDeleteAction kind={success} id={id} name={initial.title} etag={form.etag} />
      )}
    </>
  );
}
