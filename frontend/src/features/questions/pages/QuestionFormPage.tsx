import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { DeleteAction } from '../../../components/DeleteAction';
import { CheckboxGroupField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { useDrivers, usePhases } from '../../compass/api';
import { VISIBILITIES, type Visibility } from '../../joint/api';
import { ParticipantsFieldset, participantLabels, participantRules } from '../../joint/components/ParticipantsFieldset';
import { mayCreate } from '../../joint/rules';
import { usePartyNames } from '../../joint/usePartyNames';
import { createQuestion, deleteQuestion, questionKeys, readQuestion, updateQuestion, type QuestionStatus } from '../api';
import { QUESTION_START, needsFindings } from '../rules';
import { emptyQuestion, toQuestionBody, toQuestionValues, type QuestionValues } from '../values';
import '../../joint/joint.css';

/** A new joint question, or a change to one (its status moves on the detail page). */
export default function QuestionFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const record = useQuery({
    queryKey: [...questionKeys.one(id ?? 'new'), 'edit'],
    queryFn: () => readQuestion(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  return (
    <>
      <PageHeading>{t(id ? 'questions.editTitle' : 'questions.newTitle')}</PageHeading>
      {!id ? (
        <QuestionForm initial={emptyQuestion} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <QuestionForm key={id} id={id} initial={toQuestionValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function QuestionForm({ id, initial, etag }: { id?: string; initial: QuestionValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const names = usePartyNames();
  const phases = usePhases();
  const drivers = useDrivers();
  const isNew = id === undefined;
  const form = useForm({
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.shortText },
      rationale: { maxLength: LIMITS.longText },
      findings: { required: needsFindings(values.status), maxLength: LIMITS.longText },
      leadPartyId: { required: true },
      ...participantRules(values.participants),
    }),
    submit: async (values, currentEtag) => {
      if (isNew) return createQuestion(toQuestionBody(values, true));
      return (await updateQuestion(id, toQuestionBody(values, false), currentEtag)).data;
    },
    reload: async () => {
      const latest = await readQuestion(id!);
      return { values: toQuestionValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: questionKeys.all });
      navigate(`/questions/${saved.id}`);
    },
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
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = (field: 'title' | 'rationale' | 'findings') => (merged?.fields.includes(field) ? merged.latest[field] : null);
  const back = id ? `/questions/${id}` : '/questions';

  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={back}>
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
      {id && mayCreate(me.data) && (
        <div className="kompas-delete">
          <DeleteAction
            name={initial.title}
            onDelete={() => deleteQuestion(id, form.etag)}
            onDeleted={() => {
              void queryClient.invalidateQueries({ queryKey: questionKeys.all });
              navigate('/questions');
            }}
          />
        </div>
      )}
    </>
  );
}
