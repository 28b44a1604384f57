import { Button, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/Badge';
import { formatDateTime } from '../../joint/format';
import { mayRedeliver, type WebhookAttempt, type WebhookDelivery } from '../api';
import { useEventTypeLabels } from './WebhookForm';

const TONES: Record<WebhookDelivery['status'], BadgeTone> = { pending: 'progress', delivered: 'done', failed: 'muted' };

/**
 * The deliveries of a webhook, newest first: each one's status (in words), event, attempts, next
 * attempt and last response code; its attempts fold open (time, duration, code, error and the
 * start of the answer), and a failed one can be delivered again.
 */
export function DeliveryList({
  deliveries,
  onRedeliver,
  busyId,
}: {
  deliveries: WebhookDelivery[];
  onRedeliver: (delivery: WebhookDelivery) => void;
  /** The delivery being sent again right now. */
  busyId?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const names = useEventTypeLabels();
  const none = t('webhooks.deliveries.none');
  if (deliveries.length === 0) return <Paragraph>{t('webhooks.deliveries.empty')}</Paragraph>;
  return (
    <ul className="kompas-webhooks-list" aria-label={t('webhooks.deliveries.title')}>
      {deliveries.map((delivery) => {
        const name = names.full(delivery.eventType);
        return (
          <li key={delivery.id} className="kompas-webhook-delivery" data-testid="webhook-delivery">
            <Heading3 className="kompas-webhook-delivery__title">
              {name}{' '}
              <Badge tone={TONES[delivery.status]}>{t(`webhooks.deliveries.statuses.${delivery.status}`)}</Badge>
            </Heading3>
            <dl>
              <div>
                <dt>{t('webhooks.deliveries.eventType')}</dt>
                <dd>
                  <code>{delivery.eventType}</code>
                </dd>
              </div>
              <div>
                <dt>{t('webhooks.deliveries.createdAt')}</dt>
                <dd>{formatDateTime(delivery.createdAt, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('webhooks.deliveries.attempts')}</dt>
                <dd>{delivery.attemptsCount}</dd>
              </div>
              <div>
                <dt>{t('webhooks.deliveries.nextAttempt')}</dt>
                <dd>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt, i18n.language) : none}</dd>
              </div>
              <div>
                <dt>{t('webhooks.deliveries.lastCode')}</dt>
                <dd>{delivery.lastResponseCode ?? none}</dd>
              </div>
            </dl>
            {mayRedeliver(delivery) && (
              <Button
                type="button"
                appearance="secondary-action-button"
                busy={busyId === delivery.id}
                disabled={busyId === delivery.id}
                aria-label={`${t('webhooks.deliveries.redeliver')}: ${name}`}
                onClick={() => onRedeliver(delivery)}
              >
                {t('webhooks.deliveries.redeliver')}
              </Button>
            )}
            <details>
              <summary>{t('webhooks.deliveries.showAttempts', { count: delivery.attempts.length })}</summary>
              {delivery.attempts.length === 0 ? (
                <Paragraph>{t('webhooks.deliveries.noAttempts')}</Paragraph>
              ) : (
                <ol className="kompas-webhooks-list" aria-label={t('webhooks.deliveries.attemptsOf', { type: name })}>
                  {delivery.attempts.map((attempt) => (
                    <Attempt key={attempt.id} attempt={attempt} />
                  ))}
                </ol>
              )}
            </details>
          </li>
        );
      })}
    </ul>
  );
}

function Attempt({ attempt }: { attempt: WebhookAttempt }) {
  const { t, i18n } = useTranslation();
  const none = t('webhooks.deliveries.none');
  return (
    <li className="kompas-webhook-attempt">
      <dl>
        <div>
          <dt>{t('webhooks.deliveries.attemptTime')}</dt>
          <dd>{formatDateTime(attempt.startedAt, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('webhooks.deliveries.status')}</dt>
          <dd>{t(attempt.succeeded ? 'webhooks.deliveries.succeeded' : 'webhooks.deliveries.failedAttempt')}</dd>
        </div>
        <div>
          <dt>{t('webhooks.deliveries.duration')}</dt>
          <dd>{t('webhooks.deliveries.durationValue', { ms: attempt.durationMs })}</dd>
        </div>
        <div>
          <dt>{t('webhooks.deliveries.code')}</dt>
          <dd>{attempt.responseCode ?? none}</dd>
        </div>
        {attempt.error && (
          <div>
            <dt>{t('webhooks.deliveries.error')}</dt>
            <dd>{attempt.error}</dd>
          </div>
        )}
      </dl>
      {attempt.responseBody && (
        <>
          <Paragraph className="kompas-webhook-answer-label">{t('webhooks.deliveries.answer')}</Paragraph>
          <pre className="kompas-webhook-answer" tabIndex={0}>
            {attempt.responseBody}
          </pre>
        </>
      )}
    </li>
  );
}
