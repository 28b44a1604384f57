import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import {
  NEED_KINDS,
  NEED_STATUSES,
  NEED_VISIBILITIES,
  partyKeys,
  readNeed,
  usePartyOptions,
  type Need,
  type NeedKind,
  type NeedStatus,
  type NeedVisibility,
  deleteNeed,
} from '../api';

interface NeedValues extends Record<string, unknown> {
  partyId: string;
  kind: NeedKind;
  title: string;
  description: string;
  counterpartPartyId: string; // '' = everyone
  status: NeedStatus;
  visibility: NeedVisibility;
}

const toValues = (n: Need): NeedValues => ({
  partyId: n.partyId,
  kind: n.kind,
  title: n.title,
  description: n.description,
  counterpartPartyId: n.counterpartPartyId ?? '',
  status: n.status,
  // `private` is not a choice for needs; the API never answers it for one.
  visibility: (NEED_VISIBILITIES as string[]).includes(n.visibility) ? (n.visibility as NeedVisibility) : 'organisation',
});

const toBody = (v: NeedValues): Schemas['NeedCreate'] => ({ ...v, counterpartPartyId: v.counterpartPartyId || null });

export default function NeedFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const record = useQuery({
    queryKey: partyKeys.need(id ?? 'new'),
    queryFn: () => readNeed(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  const empty: NeedValues = {
    partyId: params.get('partyId') ?? '',
    kind: params.get('kind') === 'offer' ? 'offer' : 'need',
    title: '',
    description: '',
    counterpartPartyId: '',
    status: 'open',
    visibility: 'organisation',
  };
  return (
    <>
      <PageHeading>{t(id ? 'needs.editTitle' : 'needs.newTitle')}</PageHeading>
      {!id ? (
        <NeedForm initial={empty} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <NeedForm key={id} id={id} initial={toValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function NeedForm({ id, initial, etag }: { id?: string; initial: NeedValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const parties = usePartyOptions();
  const me = useMe();
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      partyId: { required: true },
      kind: { required: true },
      title: { required: true, maxLength: LIMITS.name },
      description: { maxLength: LIMITS.longText },
      status: { required: true },
      visibility: { required: true },
    }),
    submit: (values, currentEtag) =>
      id
        ? unwrap(
            api.PATCH('/needs/{needId}', {
              params: { path: { needId: id }, header: { 'If-Match': currentEtag ?? '' } },
              body: toBody(values),
            }),
          )
        : unwrap(api.POST('/needs', { body: toBody(values) })),
    reload: async () => {
      const latest = await readNeed(id!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['needs'] });
      navigate(`/parties/${saved.partyId}`);
    },
  });
  const labels = {
    partyId: t('needs.party'),
    kind: t('needs.kind'),
    title: t('needs.titleField'),
    description: t('common.description'),
    counterpartPartyId: t('needs.counterpart'),
    status: t('needs.status'),
    visibility: t('needs.visibility'),
  };
  // Members and partners record needs of their own party only; editors of any party.
  const partyOptions = (parties.data?.items ?? []).map((party) => ({ value: party.id, label: party.name }));
  const ownPartyOptions = partyOptions.filter((option) => can.recordNeedFor(me.data, option.value));
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = (field: 'title' | 'description') => (merged?.fields.includes(field) ? merged.latest[field] : null);
  const back = initial.partyId ? `/parties/${initial.partyId}` : '/parties';
  return (
    <>
    <FormLayout form={form} labels={labels} cancelTo={back}>
      <SelectField
        {...form.field('partyId')}
        label={labels.partyId}
        required
        options={[{ value: '', label: t('form.choose') }, ...ownPartyOptions]}
      />
      <SelectField
        {...form.field('kind')}
        onChange={(value) => form.set('kind', value as NeedKind)}
        label={labels.kind}
        required
        options={NEED_KINDS.map((kind) => ({ value: kind, label: t(`needs.kinds.${kind}`) }))}
      />
      <TextField {...form.field('title')} label={labels.title} required latest={latestOf('title')} />
      <TextAreaField {...form.field('description')} label={labels.description} latest={latestOf('description')} />
      <SelectField
        {...form.field('counterpartPartyId')}
        label={labels.counterpartPartyId}
        description={t('needs.counterpartHelp')}
        options={[{ value: '', label: t('needs.everyone') }, ...partyOptions]}
      />
      <SelectField
        {...form.field('status')}
        onChange={(value) => form.set('status', value as NeedStatus)}
        label={labels.status}
        required
        options={NEED_STATUSES.map((status) => ({ value: status, label: t(`needs.statuses.${status}`) }))}
      />
      <SelectField
        {...form.field('visibility')}
        onChange={(value) => form.set('visibility', value as NeedVisibility)}
        label={labels.visibility}
        description={t('needs.visibilityHelp')}
        required
        options={NEED_VISIBILITIES.map((visibility) => ({ value: visibility, label: t(`needs.visibilities.${visibility}`) }))}
      />
    </FormLayout>
    {id && (
      <div className="kompas-delete">
        <DeleteAction
          name={initial.title}
          onDelete={() => deleteNeed(id, form.etag)}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: ['needs'] });
            navigate(back);
          }}
        />
      </div>
    )}
    </>
  );
}
