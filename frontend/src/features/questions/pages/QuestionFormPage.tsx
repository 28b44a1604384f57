import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { CheckboxGroupField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS } from '../../../lib/validation';
import { useDrivers, usePhases } from '../../compass/api';
import { VISIBILITIES, type Visibility } from '../../joint/api';
import { JointDeleteAction, JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { ParticipantsFieldset, participantLabels, participantRules } from '../../joint/components/ParticipantsFieldset';
import { mayCreate } from '../../joint/rules';
import { usePartyNames } from '../../joint/usePartyNames';
import { createQuestion, deleteQuestion, questionKeys, readQuestion, updateQuestion, type Question, type QuestionStatus } from '../api';
import { QUESTION_START, needsFindings } from '../rules';
import { emptyQuestion, toQuestionBody, toQuestionValues, type QuestionValues } from '../values';
import '../../joint/joint.css';

const question: JointRecordKind<QuestionValues, Question> = {
  path: '/questions',
  keys: questionKeys,
  read: readQuestion,
  toValues: toQuestionValues,
  create: (values) => createQuestion(toQuestionBody(values, true)),
  update: (id, values, etag) => updateQuestion(id, toQuestionBody(values, false), etag),
  remove: deleteQuestion,
};

/** A new joint question, or a change to one (its status moves on the detail page). */
export default function QuestionFormPage() {
  return <JointFormPage kind={question} titles={{ new: 'questions.newTitle', edit: 'questions.editTitle' }} empty={emptyQuestion} form={QuestionForm} />;
}

function QuestionForm({ id, initial, etag }: JointFormProps<QuestionValues>) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const drivers = useDrivers();
  const isNew = id === undefined;
  const { form, latestOf, cancelTo } = useJointForm(question, {
    id,
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.shortText },
      rationale: { maxLength: LIMITS.longText },
      findings: { required: needsFindings(values.status), maxLength: LIMITS.longText },
      leadPartyId: { required: true },
      ...participantRules(values.participants),
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('questions.question'),
    rationale: t('questions.rationale'),
    phaseId: t('agenda.phase'),
    status: t('agenda.startStatus'),
    findings: t('questions.findings'),
    leadPartyId: t('agenda.leadParty'),
    ballHolderId: t('agenda.ballHolder'),
    driverIds: t('agenda.drivers'),
    participants: t('agenda.participants'),
    visibility: t('agenda.visibility'),
    ...participantLabels(t, values.participants),
  };
  const partyOptions = names.parties.map((party) => ({ value: party.id, label: party.name }));

  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={cancelTo}>
        <TextField {...form.field('title')} label={labels.title} description={t('questions.titleHelp')} required latest={latestOf('title')} />
        <TextAreaField {...form.field('rationale')} label={labels.rationale} latest={latestOf('rationale')} />
        <SelectField
          {...form.field('leadPartyId')}
          label={labels.leadPartyId}
          description={t('questions.leadPartyHelp')}
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
              onChange={(value) => form.set('status', value as QuestionStatus)}
              label={labels.status}
              required
              options={QUESTION_START.map((status) => ({ value: status, label: t(`questions.statuses.${status}`) }))}
            />
          </>
        )}
        <SelectField
          {...form.field('phaseId')}
          label={labels.phaseId}
          options={[{ value: '', label: t('agenda.noPhase') }, ...phases.items.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <TextAreaField
          {...form.field('findings')}
          label={labels.findings}
          required={needsFindings(values.status)}
          description={t('questions.findingsHelp')}
          latest={latestOf('findings')}
        />
        <SelectField
          {...form.field('visibility')}
          onChange={(value) => form.set('visibility', value as Visibility)}
          label={labels.visibility}
          required
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`agenda.visibilities.${v}`) }))}
        />
        {drivers.items.length > 0 && (
          <CheckboxGroupField
            name="driverIds"
            legend={labels.driverIds}
            description={t('questions.driversHelp')}
            groups={[{ label: t('agenda.driversGroup'), options: drivers.items.map((d) => ({ value: d.id, label: d.title })) }]}
            value={values.driverIds}
            onChange={(value) => form.set('driverIds', value)}
            error={form.errors.driverIds ?? null}
          />
        )}
        <ParticipantsFieldset value={values.participants} onChange={(p) => form.set('participants', p)} errors={form.errors} partyOptions={partyOptions} />
      </FormLayout>
      {id && mayCreate(me.data) && <JointDeleteAction kind={question} id={id} name={initial.title} etag={form.etag} />}
    </>
  );
}
