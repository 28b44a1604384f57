import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';
import { subscriptionState, type WebhookSubscription } from '../api';

/** Whether a webhook is active, in words (never colour alone). */
export function StateBadge({ subscription }: { subscription: Pick<WebhookSubscription, 'active' | 'disabledReason'> }) {
  const { t } = useTranslation();
  const state = subscriptionState(subscription);
  return <Badge tone={state === 'active' ? 'done' : state === 'off' ? 'muted' : 'progress'}>{t(`webhooks.state.${state}`)}</Badge>;
}
