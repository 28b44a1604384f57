import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { CheckboxGroupField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS } from '../../../lib/validation';
import { usePhases } from '../../compass/api';
import { useRecordOptions } from '../../joint/api';
import { JointDeleteAction, JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { usePartyNames } from '../../joint/usePartyNames';
import {
  createExperience,
  deleteExperience,
  experienceKeys,
  mayChangeExperience,
  readExperience,
  updateExperience,
  visibilitiesFor,
  type Experience,
  type ExperienceVisibility,
} from '../api';
import { MAX_TAGS, TAGS_PATTERN, emptyExperience, toExperienceBody, toExperienceValues, type ExperienceValues } from '../values';
import '../../joint/joint.css';

const TIP_LENGTH = 2000;

const experienceKind: JointRecordKind<ExperienceValues, Experience> = {
  path: '/experiences',
  keys: experienceKeys,
  read: readExperience,
  toValues: toExperienceValues,
  create: (values) => createExperience(toExperienceBody(values)),
  update: (id, values, etag) => updateExperience(id, toExperienceBody(values), etag),
  remove: deleteExperience,
};

/** Sharing an experience, or changing one. */
export default function ExperienceFormPage() {
  const me = useMe();
  // A partner shares an experience that involves its own party; staff start with theirs too.
  const empty = me.data ? emptyExperience(me.data.partyId) : undefined;
  return <JointFormPage kind={experienceKind} titles={{ new: 'experiences.newTitle', edit: 'experiences.editTitle' }} empty={empty} form={ExperienceForm} />;
}

function ExperienceForm({ id, initial, etag }: JointFormProps<ExperienceValues>) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const agendaItems = useRecordOptions('agenda-items');
  const questions = useRecordOptions('questions');
  const successes = useRecordOptions('successes');
  const { form, latestOf, cancelTo } = useJointForm(experienceKind, {
    id,
    initial,
    etag,
    rules: () => ({
      title: { required: true, maxLength: LIMITS.name },
      situation: { maxLength: LIMITS.longText },
      whatWasDone: { maxLength: LIMITS.longText },
      whatWasLearned: { maxLength: LIMITS.longText },
      tip: { maxLength: TIP_LENGTH },
      tags: { pattern: TAGS_PATTERN, patternMessage: 'experiences.tagsInvalid' },
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('agenda.titleField'),
    situation: t('experiences.fields.situation'),
    whatWasDone: t('experiences.fields.whatWasDone'),
    whatWasLearned: t('experiences.fields.whatWasLearned'),
    tip: t('experiences.fields.tip'),
    tags: t('experiences.tags'),
    phaseId: t('agenda.phase'),
    visibility: t('agenda.visibility'),
    partyIds: t('experiences.parties'),
    agendaItemIds: t('experiences.agendaItems'),
    questionIds: t('experiences.questions'),
    successIds: t('experiences.successes'),
  };
  const checkboxes = (name: 'partyIds' | 'agendaItemIds' | 'questionIds' | 'successIds', group: string, options: { value: string; label: string }[], description?: string) =>
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
        <TextAreaField {...form.field('situation')} label={labels.situation} description={t('experiences.help.situation')} latest={latestOf('situation')} />
        <TextAreaField {...form.field('whatWasDone')} label={labels.whatWasDone} latest={latestOf('whatWasDone')} />
        <TextAreaField {...form.field('whatWasLearned')} label={labels.whatWasLearned} latest={latestOf('whatWasLearned')} />
        <TextAreaField {...form.field('tip')} label={labels.tip} rows={3} description={t('experiences.help.tip')} latest={latestOf('tip')} />
        <TextField {...form.field('tags')} label={labels.tags} description={t('experiences.help.tags', { max: MAX_TAGS })} latest={latestOf('tags')} />
        <SelectField
          {...form.field('phaseId')}
          label={labels.phaseId}
          options={[{ value: '', label: t('experiences.noPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          {...form.field('visibility')}
          onChange={(value) => form.set('visibility', value as ExperienceVisibility)}
          label={labels.visibility}
          description={me.data?.role === 'partner' ? t('experiences.help.visibilityPartner') : t('experiences.help.visibility')}
          required
          options={visibilitiesFor(me.data, initial.visibility).map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))}
        />
        {checkboxes(
          'partyIds',
          t('successes.partiesGroup'),
          names.parties.map((p) => ({ value: p.id, label: p.name })),
          me.data?.role === 'partner' ? t('experiences.help.partiesPartner') : t('experiences.help.parties'),
        )}
        {checkboxes('agendaItemIds', t('successes.agendaItemsGroup'), (agendaItems.data ?? []).map((a) => ({ value: a.id, label: a.title })))}
        {checkboxes('questionIds', t('agenda.questionsGroup'), (questions.data ?? []).map((q) => ({ value: q.id, label: q.title })))}
        {checkboxes('successIds', t('experiences.successesGroup'), (successes.data ?? []).map((s) => ({ value: s.id, label: s.title })))}
      </FormLayout>
      {id && mayChangeExperience(me.data, { authorId: initial.authorId }) && (
        <JointDeleteAction kind={experienceKind} id={id} name={initial.title} etag={form.etag} />
      )}
    </>
  );
}
