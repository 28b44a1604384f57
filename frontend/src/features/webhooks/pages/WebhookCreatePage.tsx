import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeading } from '../../../components/PageHeading';
import { createWebhookSubscription, webhookKeys } from '../api';
import { EMPTY_WEBHOOK, WebhookForm } from '../components/WebhookForm';
import { WebhookSecretPanel } from '../components/WebhookSecretPanel';
import '../webhooks.css';

/** A new webhook; once made, its secret is shown once, then on to the webhook's page. */
export default function WebhookCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  return (
    <>
      <PageHeading>{t('webhooks.createTitle')}</PageHeading>
      {created ? (
        <WebhookSecretPanel
          secret={created.secret}
          title={t('webhooks.secret.title')}
          doneLabel={t('webhooks.secret.continue')}
          onDone={() => navigate(`/admin/webhooks/${created.id}`, { replace: true })}
        />
      ) : (
        <WebhookForm
          withActive
          submitLabel={t('webhooks.create')}
          cancelTo="/admin/webhooks"
          options={{
            initial: EMPTY_WEBHOOK,
            etag: null,
            submit: (values) =>
              createWebhookSubscription({
                url: values.url.trim(),
                description: values.description.trim(),
                eventTypes: values.eventTypes,
                active: values.active,
              }),
            onSuccess: (subscription) => {
              void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
              setCreated({ id: subscription.id, secret: subscription.secret });
            },
          }}
        />
      )}
    </>
  );
}
