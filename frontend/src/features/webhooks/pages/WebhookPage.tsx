import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DeleteAction } from '../../../components/DeleteAction';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { formatDateTime } from '../../joint/format';
import {
  deleteWebhookSubscription,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookActive,
  useWebhookDeliveries,
  useWebhookSubscription,
  webhookKeys,
  type WebhookDelivery,
  type WebhookSubscription,
} from '../api';
import { DeliveryList } from '../components/DeliveryList';
import { StateBadge } from '../components/StateBadge';
import { useEventTypeLabels } from '../components/WebhookForm';
import { SECRET_HEADING_ID, WebhookSecretPanel } from '../components/WebhookSecretPanel';
import '../webhooks.css';

/** One webhook: its details, what can be done with it, and its deliveries. */
export default function WebhookPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const record = useWebhookSubscription(id);
  const [status, setStatus] = useState((location.state as { status?: string } | null)?.status ?? '');
  return (
    <div className="kompas-webhook-page">
      {record.isPending ? (
        <>
          <PageHeading>{t('webhooks.detailTitle')}</PageHeading>
          <Loading />
        </>
      ) : record.isError ? (
        <>
          <PageHeading>{t('webhooks.detailTitle')}</PageHeading>
          <LoadError error={record.error} />
        </>
      ) : (
        <>
          <PageHeading>{record.data.data.description || record.data.data.url}</PageHeading>
          <Paragraph>
            <RouterLink to="/admin/webhooks">{t('webhooks.backToList')}</RouterLink>
          </Paragraph>
          <p role="status" className={status ? 'kompas-status' : 'visually-hidden'}>
            {status}
          </p>
          <Details subscription={record.data.data} />
          <Actions subscription={record.data.data} etag={record.data.etag} onStatus={setStatus} />
          <Deliveries id={id} onStatus={setStatus} />
        </>
      )}
    </div>
  );
}

function Details({ subscription }: { subscription: WebhookSubscription }) {
  const { t, i18n } = useTranslation();
  const names = useEventTypeLabels();
  const [now] = useState(() => Date.now());
  const previousValid = subscription.secretRotatedUntil && new Date(subscription.secretRotatedUntil).getTime() > now;
  return (
    <Section id="details" title={t('webhooks.details')}>
      {subscription.disabledReason && (
        <Alert type="warning">
          <Paragraph>{t('webhooks.disabledReason', { reason: subscription.disabledReason })}</Paragraph>
        </Alert>
      )}
      <DataList className="kompas-webhook-details">
        <DataListItem>
          <DataListKey>{t('webhooks.url')}</DataListKey>
          <DataListValue>
            <code>{subscription.url}</code>
          </DataListValue>
        </DataListItem>
        {subscription.description && (
          <DataListItem>
            <DataListKey>{t('webhooks.description')}</DataListKey>
            <DataListValue>{subscription.description}</DataListValue>
          </DataListItem>
        )}
        <DataListItem>
          <DataListKey>{t('webhooks.status')}</DataListKey>
          <DataListValue>
            <StateBadge subscription={subscription} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('webhooks.failingSince')}</DataListKey>
          <DataListValue>
            {subscription.failingSince ? formatDateTime(subscription.failingSince, i18n.language) : t('webhooks.notFailing')}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('webhooks.eventTypes')}</DataListKey>
          <DataListValue>
            <UnorderedList>
              {subscription.eventTypes.map((type) => (
                <UnorderedListItem key={type}>{names.full(type)}</UnorderedListItem>
              ))}
            </UnorderedList>
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('webhooks.createdBy')}</DataListKey>
          <DataListValue>{subscription.createdBy}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('webhooks.createdAt')}</DataListKey>
          <DataListValue>{formatDateTime(subscription.createdAt, i18n.language)}</DataListValue>
        </DataListItem>
      </DataList>
      {previousValid && (
        <Paragraph>{t('webhooks.previousValidUntil', { date: formatDateTime(subscription.secretRotatedUntil!, i18n.language) })}</Paragraph>
      )}
    </Section>
  );
}

function Actions({
  subscription,
  etag,
  onStatus,
}: {
  subscription: WebhookSubscription;
  etag: string | null;
  onStatus: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = subscription.id;
  const [busy, setBusy] = useState<'toggle' | 'test' | 'rotate' | null>(null);
  const [error, setError] = useState('');
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; until: string } | null>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);
  // The dialog gives the focus back to the button that opened it when it closes; after a rotation
  // the new secret's panel takes it from there.
  const closeRotate = useCallback(() => {
    setConfirmRotate(false);
    requestAnimationFrame(() => document.getElementById(SECRET_HEADING_ID)?.focus());
  }, []);

  const run = async (kind: 'toggle' | 'test' | 'rotate', action: () => Promise<string | void>) => {
    setBusy(kind);
    setError('');
    onStatus('');
    try {
      const message = await action();
      if (message) onStatus(message);
    } catch {
      setError(t('webhooks.actionFailed'));
    } finally {
      setBusy(null);
    }
  };

  const toggle = () =>
    run('toggle', async () => {
      const turnOn = !subscription.active;
      const result = await setWebhookActive(id, turnOn);
      queryClient.setQueryData(webhookKeys.one(id), result);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list });
      return t(turnOn ? 'webhooks.enabled' : 'webhooks.disabled');
    });

  const test = () =>
    run('test', async () => {
      await sendWebhookTestEvent(id);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) });
      return t('webhooks.testSent');
    });

  const rotate = () =>
    run('rotate', async () => {
      const rotated = await rotateWebhookSecret(id);
      setConfirmRotate(false);
      setSecret({ secret: rotated.secret, until: rotated.previousSecretExpiresAt });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.one(id) });
    });

  return (
    <Section id="actions" title={t('webhooks.actions')}>
      {secret && (
        <WebhookSecretPanel
          secret={secret.secret}
          title={t('webhooks.secret.newTitle')}
          note={t('webhooks.rotatedUntil', { date: formatDateTime(secret.until, i18n.language) })}
          onDone={() => {
            setSecret(null);
            requestAnimationFrame(() => rotateButton.current?.focus());
          }}
        />
      )}
      {error && (
        <Alert type="error" role="alert">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      <div className="kompas-actions">
        <ButtonRouterLink to={`/admin/webhooks/${id}/edit`}>{t('webhooks.edit')}</ButtonRouterLink>
        <Button
          type="button"
          appearance="secondary-action-button"
          busy={busy === 'toggle'}
          disabled={busy !== null}
          onClick={() => void toggle()}
        >
          {t(subscription.active ? 'webhooks.disable' : 'webhooks.enable')}
        </Button>
        <Button
          type="button"
          appearance="secondary-action-button"
          busy={busy === 'test'}
          disabled={busy !== null}
          onClick={() => void test()}
        >
          {t('webhooks.test')}
        </Button>
        <Button
          ref={rotateButton}
          type="button"
          appearance="secondary-action-button"
          disabled={busy !== null}
          onClick={() => setConfirmRotate(true)}
        >
          {t('webhooks.rotate')}
        </Button>
        <DeleteAction
          name={subscription.description || subscription.url}
          buttonLabel={t('webhooks.delete')}
          title={t('webhooks.deleteTitle')}
          body={t('webhooks.deleteBody')}
          onDelete={() => deleteWebhookSubscription(id, etag)}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: webhookKeys.one(id) });
            void queryClient.invalidateQueries({ queryKey: webhookKeys.list });
            navigate('/admin/webhooks', { state: { status: t('webhooks.deleted') } });
          }}
        />
      </div>
      <ConfirmDialog
        open={confirmRotate}
        title={t('webhooks.rotateTitle')}
        confirmLabel={t('webhooks.rotateConfirm')}
        busy={busy === 'rotate'}
        error={busy === null && confirmRotate ? error : undefined}
        onConfirm={() => void rotate()}
        onClose={closeRotate}
      >
        {t('webhooks.rotateBody')}
      </ConfirmDialog>
    </Section>
  );
}

function Deliveries({ id, onStatus }: { id: string; onStatus: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const deliveries = useWebhookDeliveries(id);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState('');
  const redeliver = async (delivery: WebhookDelivery) => {
    setBusyId(delivery.id);
    setError('');
    try {
      await redeliverWebhookDelivery(id, delivery.id);
      onStatus(t('webhooks.deliveries.redelivered'));
      await queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) });
    } catch {
      setError(t('webhooks.actionFailed'));
    } finally {
      setBusyId(null);
    }
  };
  return (
    <Section
      id="deliveries"
      title={t('webhooks.deliveries.title')}
      action={
        <Button type="button" appearance="subtle-button" onClick={() => void deliveries.refetch()}>
          {t('webhooks.deliveries.refresh')}
        </Button>
      }
    >
      <Paragraph>{t('webhooks.deliveries.intro')}</Paragraph>
      {error && (
        <Alert type="error" role="alert">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <LoadError error={deliveries.error} />
      ) : (
        <>
          <DeliveryList deliveries={deliveries.items} busyId={busyId} onRedeliver={(d) => void redeliver(d)} />
          <LoadMore list={deliveries} />
        </>
      )}
    </Section>
  );
}
