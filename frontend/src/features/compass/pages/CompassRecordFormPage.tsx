import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { drivers, phases, workFormats, type CompassCollection, type CompassRecordValues } from '../api';

const EMPTY: CompassRecordValues = { label: '', description: '' };

function toValues(collection: CompassCollection, record: Record<string, unknown>): CompassRecordValues {
  return { label: String(record[collection.labelField] ?? ''), description: String(record.description ?? '') };
}

/** Create (no id in the route) or edit a driver, phase or work format. */
function CompassRecordFormPage({ collection }: { collection: CompassCollection }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const record = useQuery({
    queryKey: [...collection.queryKey, id],
    queryFn: () => collection.read(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  const heading = t(`compass.${collection.kind}.${id ? 'editTitle' : 'newTitle'}`);
  return (
    <>
      <PageHeading>{heading}</PageHeading>
      {!id ? (
        <RecordForm collection={collection} initial={EMPTY} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <RecordForm
          key={id}
          collection={collection}
          id={id}
          initial={toValues(collection, record.data.data)}
          etag={record.data.etag}
        />
      )}
    </>
  );
}

function RecordForm({
  collection,
  id,
  initial,
  etag,
}: {
  collection: CompassCollection;
  id?: string;
  initial: CompassRecordValues;
  etag: string | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initial,
    etag,
    rules: () => ({ label: { required: true, maxLength: LIMITS.name }, description: { maxLength: LIMITS.longText } }),
    submit: (values, currentEtag) =>
      id ? collection.update(id, values, currentEtag ?? '') : collection.create(values),
    reload: async () => {
      const latest = await collection.read(id!);
      return { values: toValues(collection, latest.data), etag: latest.etag };
    },
    aliases: { [collection.labelField]: 'label' },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: collection.queryKey });
      navigate('/compass');
    },
  });
  const labels = { label: t(`compass.${collection.kind}.label`), description: t('common.description') };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  return (
    <>
    <FormLayout form={form} labels={labels} cancelTo="/compass">
      <TextField
        {...form.field('label')}
        label={labels.label}
        required
        latest={merged?.fields.includes('label') ? merged.latest.label : null}
      />
      <TextAreaField
        {...form.field('description')}
        label={labels.description}
        latest={merged?.fields.includes('description') ? merged.latest.description : null}
      />
    </FormLayout>
    {id && (
      <div className="kompas-delete">
        <DeleteAction
          name={initial.label}
          onDelete={() => collection.remove(id, form.etag ?? '')}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: collection.queryKey });
            navigate('/compass');
          }}
        />
      </div>
    )}
    </>
  );
}

export const DriverFormPage = () => <CompassRecordFormPage collection={drivers} />;
export const PhaseFormPage = () => <CompassRecordFormPage collection={phases} />;
export const WorkFormatFormPage = () => <CompassRecordFormPage collection={workFormats} />;
