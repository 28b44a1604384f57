import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../../api';
import { TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { partyKeys, readDepartment, type Department, deleteDepartment } from '../api';

interface DepartmentValues extends Record<string, unknown> {
  name: string;
  description: string;
}

const toValues = (d: Department): DepartmentValues => ({ name: d.name, description: d.description });

export default function DepartmentFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const record = useQuery({
    queryKey: partyKeys.department(id ?? 'new'),
    queryFn: () => readDepartment(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  return (
    <>
      <PageHeading>{t(id ? 'parties.editDepartment' : 'parties.newDepartment')}</PageHeading>
      {!id ? (
        <DepartmentForm initial={{ name: '', description: '' }} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <DepartmentForm key={id} id={id} initial={toValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function DepartmentForm({ id, initial, etag }: { id?: string; initial: DepartmentValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initial,
    etag,
    rules: () => ({ name: { required: true, maxLength: LIMITS.name }, description: { maxLength: LIMITS.shortText } }),
    submit: (values, currentEtag) =>
      id
        ? unwrap(
            api.PATCH('/departments/{departmentId}', {
              params: { path: { departmentId: id }, header: { 'If-Match': currentEtag ?? '' } },
              body: values,
            }),
          )
        : unwrap(api.POST('/departments', { body: values })),
    reload: async () => {
      const latest = await readDepartment(id!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: partyKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['departments'] });
      navigate(`/parties/${saved.id}`);
    },
  });
  const labels = { name: t('common.name'), description: t('common.description') };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  return (
    <>
    <FormLayout form={form} labels={labels} cancelTo={id ? `/parties/${id}` : '/parties'}>
      <TextField
        {...form.field('name')}
        label={labels.name}
        required
        autoComplete="organization"
        latest={merged?.fields.includes('name') ? merged.latest.name : null}
      />
      <TextAreaField
        {...form.field('description')}
        label={labels.description}
        rows={3}
        latest={merged?.fields.includes('description') ? merged.latest.description : null}
      />
    </FormLayout>
    {id && (
      <div className="kompas-delete">
        <DeleteAction
          name={initial.name}
          onDelete={() => deleteDepartment(id, form.etag)}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: partyKeys.all });
            void queryClient.invalidateQueries({ queryKey: ['departments'] });
            navigate('/parties');
          }}
        />
      </div>
    )}
    </>
  );
}
