import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type WebhookSubscription = Schemas['WebhookSubscriptionRead'];
export type WebhookSubscriptionCreate = Schemas['WebhookSubscriptionCreate'];
export type WebhookSubscriptionUpdate = Schemas['WebhookSubscriptionUpdate'];
export type WebhookDelivery = Schemas['WebhookDeliveryRead'];
export type WebhookAttempt = Schemas['WebhookAttemptRead'];
export type WebhookEventType = Schemas['WebhookEventType'];

const PAGE_SIZE = 25;
const POLL_MS = 2000;

export { mayManageWebhooks } from './access';

export const webhookKeys = {
  all: ['webhook-subscriptions'] as const,
  list: ['webhook-subscriptions', 'list'] as const,
  one: (id: string) => ['webhook-subscriptions', id] as const,
  deliveries: (id: string) => ['webhook-subscriptions', id, 'deliveries'] as const,
  eventTypes: ['webhook-event-types'] as const,
};

export function useWebhookSubscriptions() {
  return usePagedList(webhookKeys.list, (cursor) =>
    unwrap(api.GET('/webhook-subscriptions', { params: { query: { limit: PAGE_SIZE, cursor, sort: '-createdAt' } } })),
  );
}

export function useWebhookEventTypes() {
  return useQuery({
    queryKey: webhookKeys.eventTypes,
    queryFn: () => unwrap(api.GET('/webhook-event-types')),
    staleTime: 5 * 60_000,
  });
}

export const readWebhookSubscription = (id: string) =>
  withEtag(api.GET('/webhook-subscriptions/{webhookSubscriptionId}', { params: { path: { webhookSubscriptionId: id } } }));

/** One subscription, read again on every visit (staleTime 0): its ETag is what an edit sends. */
export function useWebhookSubscription(id: string) {
  return useQuery({ queryKey: webhookKeys.one(id), queryFn: () => readWebhookSubscription(id), staleTime: 0 });
}

export const createWebhookSubscription = (body: WebhookSubscriptionCreate) =>
  unwrap(api.POST('/webhook-subscriptions', { body }));

export const updateWebhookSubscription = (id: string, body: WebhookSubscriptionUpdate, etag: string | null) =>
  withEtag(
    api.PATCH('/webhook-subscriptions/{webhookSubscriptionId}', {
      params: { path: { webhookSubscriptionId: id }, header: { 'If-Match': etag ?? '' } },
      body,
    }),
  );

export const deleteWebhookSubscription = (id: string, etag: string | null) =>
  withEtag(
    api.DELETE('/webhook-subscriptions/{webhookSubscriptionId}', {
      params: { path: { webhookSubscriptionId: id }, header: { 'If-Match': etag ?? '' } },
    }),
  );

/** Turn a subscription on or off: read it for its current ETag, then change only `active`. */
export async function setWebhookActive(id: string, active: boolean) {
  const { etag } = await readWebhookSubscription(id);
  return updateWebhookSubscription(id, { active }, etag);
}

export const rotateWebhookSecret = (id: string) =>
  unwrap(
    api.POST('/webhook-subscriptions/{webhookSubscriptionId}/secret-rotations', {
      params: { path: { webhookSubscriptionId: id } },
    }),
  );

export const sendWebhookTestEvent = (id: string) =>
  unwrap(
    api.POST('/webhook-subscriptions/{webhookSubscriptionId}/test-event', { params: { path: { webhookSubscriptionId: id } } }),
  );

export const redeliverWebhookDelivery = (id: string, deliveryId: string) =>
  unwrap(
    api.POST('/webhook-subscriptions/{webhookSubscriptionId}/deliveries/{deliveryId}/redeliver', {
      params: { path: { webhookSubscriptionId: id, deliveryId } },
    }),
  );

export function useWebhookDeliveries(id: string) {
  const list = usePagedList(webhookKeys.deliveries(id), (cursor) =>
    unwrap(
      api.GET('/webhook-subscriptions/{webhookSubscriptionId}/deliveries', {
        params: { path: { webhookSubscriptionId: id }, query: { limit: PAGE_SIZE, cursor, sort: '-createdAt' } },
      }),
    ),
  );
  // While a delivery is still pending, look again now and then: the worker sends it in the background.
  const pending = anyPending(list.items);
  const { refetch } = list;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void refetch(), POLL_MS);
    return () => clearInterval(timer);
  }, [pending, refetch]);
  return list;
}

/** The parts of an event type `nl.kompas.<resource>.<event>.v<n>`; null for another shape. */
export function parseEventType(type: string): { resource: string; event: string; version: string } | null {
  const match = /^nl\.kompas\.([a-z0-9-]+)\.([a-z0-9.-]+)\.(v[0-9]+)$/.exec(type);
  return match ? { resource: match[1], event: match[2], version: match[3] } : null;
}

export interface EventTypeGroup {
  resource: string;
  types: WebhookEventType[];
}

/** Event types grouped by the resource they are about, in the order the API lists them. */
export function groupEventTypes(types: WebhookEventType[]): EventTypeGroup[] {
  const groups = new Map<string, WebhookEventType[]>();
  for (const type of types) {
    const resource = parseEventType(type.type)?.resource ?? 'other';
    groups.set(resource, [...(groups.get(resource) ?? []), type]);
  }
  return [...groups].map(([resource, grouped]) => ({ resource, types: grouped }));
}

export type SubscriptionState = 'active' | 'disabledByKompas' | 'off';

/** Active; turned off by Kompas (its deliveries kept failing: `disabledReason` says why); or off by hand. */
export function subscriptionState(subscription: Pick<WebhookSubscription, 'active' | 'disabledReason'>): SubscriptionState {
  if (subscription.active) return 'active';
  return subscription.disabledReason ? 'disabledByKompas' : 'off';
}

/** Whether a delivery may be sent again by hand: only one that failed for good. */
export const mayRedeliver = (delivery: Pick<WebhookDelivery, 'status'>) => delivery.status === 'failed';

/** Whether any delivery is still waiting for the worker, so the list should look again soon. */
export const anyPending = (deliveries: Pick<WebhookDelivery, 'status'>[]) => deliveries.some((d) => d.status === 'pending');
