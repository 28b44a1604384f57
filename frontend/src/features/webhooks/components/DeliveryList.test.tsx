// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../../i18n';
import type { WebhookDelivery } from '../api';
import { DeliveryList } from './DeliveryList';

beforeAll(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(cleanup);

const attempt = (over: Partial<WebhookDelivery['attempts'][number]> = {}): WebhookDelivery['attempts'][number] => ({
  id: 'a1',
  startedAt: '2026-12-07T10:00:00Z',
  durationMs: 120,
  succeeded: false,
  responseCode: 500,
  responseBody: '{"error": "database down"}',
  error: '',
  ...over,
});

const delivery = (over: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: 'd1',
  eventId: 'e1',
  eventType: 'nl.kompas.agenda-item.created.v1',
  status: 'failed',
  attemptsCount: 1,
  nextAttemptAt: null,
  lastResponseCode: 500,
  createdAt: '2026-12-07T10:00:00Z',
  deliveredAt: null,
  attempts: [attempt()],
  ...over,
});

describe('DeliveryList', () => {
  it('says each delivery’s status in words and names its event', () => {
    render(
      <DeliveryList
        deliveries={[
          delivery(),
          delivery({ id: 'd2', status: 'delivered', eventType: 'nl.kompas.webhook.test.v1', lastResponseCode: 204, attempts: [] }),
          delivery({ id: 'd3', status: 'pending', attempts: [], lastResponseCode: null, nextAttemptAt: '2026-12-07T10:05:00Z' }),
        ]}
        onRedeliver={() => {}}
      />,
    );
    const items = screen.getAllByTestId('webhook-delivery');
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByRole('heading').textContent).toMatch(/Agendapunten: Aangemaakt.*Mislukt/);
    expect(within(items[1]).getByRole('heading').textContent).toMatch(/Webhook: Testbericht.*Bezorgd/);
    expect(within(items[2]).getByRole('heading').textContent).toMatch(/Wordt bezorgd/);
    expect(within(items[1]).getByText('204')).toBeTruthy();
  });

  it('folds each delivery’s attempts open with the start of the answer in a <pre>', () => {
    render(<DeliveryList deliveries={[delivery({ attempts: [attempt(), attempt({ id: 'a2', responseCode: null, responseBody: '', error: 'connection refused' })] })]} onRedeliver={() => {}} />);
    const details = document.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Pogingen tonen (2)')).toBeTruthy();
    expect(details.querySelector('pre')!.textContent).toBe('{"error": "database down"}');
    expect(within(details).getByText('connection refused')).toBeTruthy();
    expect(within(details).getAllByText('120 ms')).toHaveLength(2);
  });

  it('offers "Opnieuw bezorgen" only for a failed delivery', () => {
    const onRedeliver = vi.fn();
    render(<DeliveryList deliveries={[delivery(), delivery({ id: 'd2', status: 'delivered' })]} onRedeliver={onRedeliver} />);
    const buttons = screen.getAllByRole('button', { name: /Opnieuw bezorgen/ });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]);
    expect(onRedeliver).toHaveBeenCalledWith(expect.objectContaining({ id: 'd1' }));
  });

  it('says when there are no deliveries yet', () => {
    render(<DeliveryList deliveries={[]} onRedeliver={() => {}} />);
    expect(screen.getByText('Nog geen bezorgingen.')).toBeTruthy();
  });
});
