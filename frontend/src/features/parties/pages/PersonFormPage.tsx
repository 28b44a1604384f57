import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { SelectField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { emptyToNull, LIMITS } from '../../../lib/validation';
import { partyKeys, readPerson, usePartyOptions, type Person, deletePerson } from '../api';

interface PersonValues extends Record<string, unknown> {
  name: string;
  email: string;
  jobTitle: string;
  phone: string;
  partyId: string;
}

const toValues = (p: Person): PersonValues => ({
  name: p.name,
  email: p.email ?? '',
  jobTitle: p.jobTitle,
  phone: p.phone ?? '',
  partyId: p.partyId,
});

const toBody = (v: PersonValues): Schemas['PersonCreate'] => ({
  name: v.name,
  email: emptyToNull(v.email),
  jobTitle: v.jobTitle,
  phone: emptyToNull(v.phone),
  partyId: v.partyId,
});

export default function PersonFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const record = useQuery({
    queryKey: partyKeys.person(id ?? 'new'),
    queryFn: () => readPerson(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  const empty: PersonValues = { name: '', email: '', jobTitle: '', phone: '', partyId: params.get('partyId') ?? '' };
  return (
    <>
      <PageHeading>{t(id ? 'people.editTitle' : 'people.newTitle')}</PageHeading>
      {!id ? (
        <PersonForm initial={empty} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <PersonForm key={id} id={id} initial={toValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function PersonForm({ id, initial, etag }: { id?: string; initial: PersonValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const parties = usePartyOptions();
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      name: { required: true, maxLength: LIMITS.name },
      email: { kind: 'email', maxLength: LIMITS.email },
      jobTitle: { maxLength: LIMITS.shortText },
      phone: { kind: 'phone', maxLength: LIMITS.phone },
      partyId: { required: true },
    }),
    submit: (values, currentEtag) =>
      id
        ? unwrap(
            api.PATCH('/people/{personId}', {
              params: { path: { personId: id }, header: { 'If-Match': currentEtag ?? '' } },
              body: toBody(values),
            }),
          )
        : unwrap(api.POST('/people', { body: toBody(values) })),
    reload: async () => {
      const latest = await readPerson(id!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      navigate(`/parties/${saved.partyId}`);
    },
  });
  const labels = {
    name: t('common.name'),
    email: t('common.email'),
    jobTitle: t('people.jobTitle'),
    phone: t('common.phone'),
    partyId: t('people.party'),
  };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = (field: 'name' | 'email' | 'jobTitle' | 'phone') =>
    merged?.fields.includes(field) ? merged.latest[field] : null;
  const back = initial.partyId ? `/parties/${initial.partyId}` : '/parties';
  return (
    <>
    <FormLayout form={form} labels={labels} cancelTo={back}>
      <TextField {...form.field('name')} label={labels.name} required autoComplete="name" latest={latestOf('name')} />
      <TextField {...form.field('jobTitle')} label={labels.jobTitle} autoComplete="organization-title" latest={latestOf('jobTitle')} />
      <TextField {...form.field('email')} label={labels.email} type="email" autoComplete="email" latest={latestOf('email')} />
      <TextField {...form.field('phone')} label={labels.phone} type="tel" autoComplete="tel" latest={latestOf('phone')} />
      <SelectField
        {...form.field('partyId')}
        label={labels.partyId}
        required
        options={[
          { value: '', label: t('form.choose') },
          ...(parties.data?.items ?? []).map((party) => ({ value: party.id, label: party.name })),
        ]}
      />
    </FormLayout>
    {id && (
      <div className="kompas-delete">
        <DeleteAction
          name={initial.name}
          onDelete={() => deletePerson(id, form.etag)}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: ['people'] });
            navigate(back);
          }}
        />
      </div>
    )}
    </>
  );
}
