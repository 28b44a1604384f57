import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { DeleteAction } from '../../../components/DeleteAction';
import { CheckboxGroupField, DateField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { useDrivers } from '../../compass/api';
import { VISIBILITIES, useRecordOptions, type Visibility } from '../../joint/api';
import { today } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { createSuccess, deleteSuccess, mayChangeSuccess, readSuccess, successKeys, updateSuccess } from '../api';
import { emptySuccess, toSuccessBody, toSuccessValues, type SuccessValues } from '../values';
import '../../joint/joint.css';

/** Naming a shared success, or changing one. */
export default function SuccessFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const record = useQuery({
    queryKey: [...successKeys.one(id ?? 'new'), 'edit'],
    queryFn: () => readSuccess(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  return (
    <>
      <PageHeading>{t(id ? 'successes.editTitle' : 'successes.newTitle')}</PageHeading>
      {!id ? (
        me.data ? <SuccessForm initial={emptySuccess(me.data.role === 'partner' ? me.data.partyId : null)} etag={null} /> : <Loading />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <SuccessForm key={id} id={id} initial={toSuccessValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function SuccessForm({ id, initial, etag }: { id?: string; initial: SuccessValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const names = usePartyNames();
  const drivers = useDrivers();
  const agendaItems = useRecordOptions('agenda-items');
  const questions = useRecordOptions('questions');
  const isNew = id === undefined;
  const form = useForm({
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
    submit: async (values, currentEtag) => {
      if (isNew) return createSuccess(toSuccessBody(values));
      return (await updateSuccess(id, toSuccessBody(values), currentEtag)).data;
    },
    reload: async () => {
      const latest = await readSuccess(id!);
      return { values: toSuccessValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: successKeys.all });
      navigate(`/successes/${saved.id}`);
    },
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
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = (field: 'title' | 'description' | 'evidence') => (merged?.fields.includes(field) ? merged.latest[field] : null);
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
      <FormLayout form={form} labels={labels} cancelTo={id ? `/successes/${id}` : '/successes'}>
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
        <div className="kompas-delete">
          <DeleteAction
            name={initial.title}
            onDelete={() => deleteSuccess(id, form.etag)}
            onDeleted={() => {
              void queryClient.invalidateQueries({ queryKey: successKeys.all });
              navigate('/successes');
            }}
          />
        </div>
      )}
    </>
  );
}
