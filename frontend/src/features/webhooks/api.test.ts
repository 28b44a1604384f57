import { describe, expect, it } from 'vitest';
import { anyPending, groupEventTypes, mayManageWebhooks, mayRedeliver, parseEventType, subscriptionState } from './api';

const type = (name: string) => ({ type: name, description: '' });

describe('event types', () => {
  it('reads the resource, the event and the version from a type', () => {
    expect(parseEventType('nl.kompas.agenda-item.handoff-offered.v1')).toEqual({
      resource: 'agenda-item',
      event: 'handoff-offered',
      version: 'v1',
    });
    expect(parseEventType('com.example.thing')).toBeNull();
  });

  it('groups the types per resource, in the order the API lists them', () => {
    const groups = groupEventTypes([
      type('nl.kompas.agenda-item.created.v1'),
      type('nl.kompas.question.created.v1'),
      type('nl.kompas.agenda-item.deleted.v1'),
      type('something-else'),
    ]);
    expect(groups.map((g) => [g.resource, g.types.map((t) => t.type)])).toEqual([
      ['agenda-item', ['nl.kompas.agenda-item.created.v1', 'nl.kompas.agenda-item.deleted.v1']],
      ['question', ['nl.kompas.question.created.v1']],
      ['other', ['something-else']],
    ]);
  });
});

describe('a subscription and its deliveries', () => {
  it('tells apart active, turned off by hand and turned off by Kompas', () => {
    expect(subscriptionState({ active: true, disabledReason: '' })).toBe('active');
    expect(subscriptionState({ active: false, disabledReason: '' })).toBe('off');
    expect(subscriptionState({ active: false, disabledReason: 'Every delivery failed for 5 days.' })).toBe('disabledByKompas');
  });

  it('offers to deliver again only a delivery that failed for good', () => {
    expect(mayRedeliver({ status: 'failed' })).toBe(true);
    expect(mayRedeliver({ status: 'pending' })).toBe(false);
    expect(mayRedeliver({ status: 'delivered' })).toBe(false);
  });

  it('keeps looking while a delivery is pending', () => {
    expect(anyPending([{ status: 'delivered' }, { status: 'pending' }])).toBe(true);
    expect(anyPending([{ status: 'delivered' }, { status: 'failed' }])).toBe(false);
  });

  it('lets admins and coordinators manage webhooks in the web app', () => {
    expect((['admin', 'coordinator', 'member', 'partner', 'viewer'] as const).map(mayManageWebhooks)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(mayManageWebhooks(undefined)).toBe(false);
  });
});
