import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { readWebhookSubscription, updateWebhookSubscription, webhookKeys, type WebhookSubscription } from '../api';
import { WebhookForm, type WebhookValues } from '../components/WebhookForm';
import '../webhooks.css';

const toValues = (subscription: WebhookSubscription): WebhookValues => ({
  url: subscription.url,
  description: subscription.description,
  eventTypes: subscription.eventTypes,
  active: subscription.active,
});

/** Change a webhook's address, description and events, with If-Match on the version read now. */
export default function WebhookEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // As JointFormPage: read the record on every visit and never start from a cached copy, whose
  // ETag may be outdated (after turning it off, say), so saving would meet a 412.
  const record = useQuery({
    queryKey: [...webhookKeys.one(id), 'edit'],
    queryFn: () => readWebhookSubscription(id),
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
  });
  return (
    <>
      <PageHeading>{t('webhooks.editTitle')}</PageHeading>
      {record.isPending || !record.isFetchedAfterMount ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <WebhookForm
          key={id}
          withActive={false}
          submitLabel={t('webhooks.save')}
          cancelTo={`/admin/webhooks/${id}`}
          options={{
            initial: toValues(record.data.data),
            etag: record.data.etag,
            submit: (values, etag) =>
              updateWebhookSubscription(
                id,
                { url: values.url.trim(), description: values.description.trim(), eventTypes: values.eventTypes },
                etag,
              ),
            reload: async () => {
              const latest = await readWebhookSubscription(id);
              return { values: toValues(latest.data), etag: latest.etag };
            },
            onSuccess: () => {
              void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
              navigate(`/admin/webhooks/${id}`, { state: { status: t('webhooks.saved') } });
            },
          }}
        />
      )}
    </>
  );
}
