import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, withEtag } from '../../../api';
import { TextAreaField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { compassKeys, usePurpose, type Purpose } from '../api';

interface PurposeValues extends Record<string, unknown> {
  statement: string;
  explanation: string;
}

const toValues = (purpose: Purpose): PurposeValues => ({
  statement: purpose.statement,
  explanation: purpose.explanation,
});

export default function PurposeEditPage() {
  const { t } = useTranslation();
  const purpose = usePurpose();
  return (
    <>
      <PageHeading>{t('compass.purpose.editTitle')}</PageHeading>
      {purpose.isPending ? (
        <Loading />
      ) : purpose.isError ? (
        <LoadError error={purpose.error} />
      ) : (
        <PurposeForm initial={toValues(purpose.data.data)} etag={purpose.data.etag} />
      )}
    </>
  );
}

function PurposeForm({ initial, etag }: { initial: PurposeValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      statement: { required: true, maxLength: LIMITS.purposeStatement },
      explanation: { maxLength: LIMITS.longText },
    }),
    submit: (values, currentEtag) =>
      withEtag(api.PUT('/purpose', { params: { header: { 'If-Match': currentEtag ?? '' } }, body: values })),
    reload: async () => {
      const latest = await withEtag(api.GET('/purpose'));
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(compassKeys.purpose, saved);
      navigate('/compass');
    },
  });
  const labels = { statement: t('compass.purpose.statement'), explanation: t('compass.purpose.explanation') };
  const latest = form.conflict.state === 'merged' ? form.conflict : null;
  return (
    <FormLayout form={form} labels={labels} cancelTo="/compass">
      <TextAreaField
        {...form.field('statement')}
        label={labels.statement}
        description={t('compass.purpose.statementHelp')}
        required
        rows={4}
        latest={latest?.fields.includes('statement') ? latest.latest.statement : null}
      />
      <TextAreaField
        {...form.field('explanation')}
        label={labels.explanation}
        rows={8}
        latest={latest?.fields.includes('explanation') ? latest.latest.explanation : null}
      />
    </FormLayout>
  );
}
