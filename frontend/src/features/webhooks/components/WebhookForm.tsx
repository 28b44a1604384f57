import { useTranslation } from 'react-i18next';
import { CheckboxField, CheckboxGroupField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm, type FormOptions } from '../../../components/form/useForm';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { groupEventTypes, parseEventType, useWebhookEventTypes, type WebhookEventType } from '../api';

export interface WebhookValues extends Record<string, unknown> {
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
}

export const EMPTY_WEBHOOK: WebhookValues = { url: '', description: '', eventTypes: [], active: true };

/** The rules the API applies (backend/kompas/webhooks/schemas.py). */
export const webhookRules = () => ({
  url: { required: true, maxLength: LIMITS.url },
  description: { maxLength: LIMITS.shortText },
  eventTypes: { required: true },
});

/** An event type in words: "Aangemaakt", under the legend of its resource ("Agendapunten"). */
export function useEventTypeLabels() {
  const { t } = useTranslation();
  return {
    resource: (resource: string) => t(`webhooks.resources.${resource}`, { defaultValue: resource }),
    event: (type: string) => {
      const parts = parseEventType(type);
      return parts ? t(`webhooks.events.${parts.event}`, { defaultValue: parts.event }) : type;
    },
    /** The whole name, for a list: "Agendapunten: Aangemaakt". */
    full: (type: string) => {
      const parts = parseEventType(type);
      if (!parts) return type;
      const resource = t(`webhooks.resources.${parts.resource}`, { defaultValue: parts.resource });
      return `${resource}: ${t(`webhooks.events.${parts.event}`, { defaultValue: parts.event })}`;
    },
  };
}

/**
 * The form of a webhook, to create one or change it: its address, what it is for, the events it
 * receives (checkboxes grouped per resource, from `GET /webhook-event-types`) and, when new,
 * whether it starts active.
 */
export function WebhookForm<R>({
  options,
  withActive,
  submitLabel,
  cancelTo,
  onCancel,
}: {
  options: Omit<FormOptions<WebhookValues, R>, 'rules'>;
  withActive: boolean;
  submitLabel: string;
  cancelTo?: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const eventTypes = useWebhookEventTypes();
  const form = useForm<WebhookValues, R>({ ...options, rules: webhookRules });
  const names = useEventTypeLabels();
  const labels = {
    url: t('webhooks.url'),
    description: t('webhooks.description'),
    eventTypes: t('webhooks.eventTypes'),
    active: t('webhooks.active'),
  };
  if (eventTypes.isPending) return <Loading />;
  if (eventTypes.isError) return <LoadError error={eventTypes.error} />;
  const known: WebhookEventType[] = eventTypes.data.items;
  // A type the subscription has that the API no longer offers stays visible, so it can be unticked.
  const extra = form.values.eventTypes
    .filter((type) => !known.some((k) => k.type === type))
    .map((type) => ({ type, description: '' }));
  const groups = groupEventTypes([...known, ...extra]).map((group) => ({
    label: names.resource(group.resource),
    options: group.types.map((type) => ({ value: type.type, label: names.event(type.type) })),
  }));
  return (
    <FormLayout form={form} labels={labels} cancelTo={cancelTo} onCancel={onCancel} submitLabel={submitLabel}>
      <TextField
        {...form.field('url')}
        type="url"
        label={labels.url}
        required
        autoComplete="url"
        maxLength={LIMITS.url}
        description={t('webhooks.urlHelp')}
      />
      <TextField {...form.field('description')} label={labels.description} description={t('webhooks.descriptionHelp')} />
      <CheckboxGroupField
        name="eventTypes"
        legend={labels.eventTypes}
        required
        description={t('webhooks.eventTypesHelp')}
        groups={groups}
        value={form.values.eventTypes}
        onChange={(value) => form.set('eventTypes', value)}
        error={form.errors.eventTypes ?? null}
      />
      {withActive && (
        <CheckboxField
          name="active"
          label={labels.active}
          value={form.values.active}
          onChange={(value) => form.set('active', value)}
          error={form.errors.active ?? null}
          description={t('webhooks.activeHelp')}
        />
      )}
    </FormLayout>
  );
}
