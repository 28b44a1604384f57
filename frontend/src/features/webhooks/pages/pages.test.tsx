// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import i18n from '../../../i18n';
import WebhookCreatePage from './WebhookCreatePage';
import WebhookEditPage from './WebhookEditPage';
import WebhookPage from './WebhookPage';

// The API client keeps the fetch it was made with, so the fake server is in place before it loads.
const server = vi.hoisted(() => {
  type Handler = (request: Request) => Promise<Response> | Response;
  const state = { handler: (() => new Response(null, { status: 404 })) as Handler, requests: [] as Request[] };
  // As in a browser, a relative URL is relative to the page (Node's Request wants absolute ones).
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, 'http://kompas.test') : input, init);
    }
  } as typeof Request;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    state.requests.push(request.clone());
    return state.handler(request);
  }) as typeof fetch;
  return state;
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const EVENT_TYPES = [
  { type: 'nl.kompas.agenda-item.created.v1', description: 'An agenda item was created.' },
  { type: 'nl.kompas.agenda-item.updated.v1', description: 'An agenda item was changed.' },
  { type: 'nl.kompas.question.created.v1', description: 'A question was created.' },
];

/** A subscription on a fake API with a version, answering If-Match as the API does. */
function fakeApi() {
  const record = {
    id: 's1',
    createdAt: '2026-12-07T09:00:00Z',
    updatedAt: '2026-12-07T09:00:00Z',
    url: 'https://ontvanger.example.nl/kompas',
    description: 'Planningssysteem',
    eventTypes: ['nl.kompas.agenda-item.created.v1'],
    active: true,
    disabledReason: '',
    disabledAt: null,
    failingSince: null,
    partyId: null,
    apiTokenId: null,
    createdBy: 'Beheer',
    secretRotatedUntil: null as string | null,
  };
  let version = 1;
  const etag = () => `"${version}"`;
  const patches: { ifMatch: string | null; body: unknown }[] = [];
  server.handler = async (request) => {
    const path = new URL(request.url).pathname.replace('/api/v1', '');
    if (path === '/webhook-event-types') return json({ items: EVENT_TYPES, nextCursor: null });
    if (path === '/webhook-subscriptions' && request.method === 'POST') {
      const body = await request.json();
      Object.assign(record, body);
      return json({ ...record, secret: 'whsec_first' }, 201, { ETag: etag() });
    }
    if (path === '/webhook-subscriptions/s1' && request.method === 'GET') return json(record, 200, { ETag: etag() });
    if (path === '/webhook-subscriptions/s1' && request.method === 'PATCH') {
      const body = await request.json();
      patches.push({ ifMatch: request.headers.get('If-Match'), body });
      if (request.headers.get('If-Match') !== etag()) return json({ status: 412, title: 'Precondition Failed' }, 412);
      Object.assign(record, body);
      version += 1;
      return json(record, 200, { ETag: etag() });
    }
    if (path === '/webhook-subscriptions/s1/deliveries') return json({ items: [], nextCursor: null });
    if (path === '/webhook-subscriptions/s1/secret-rotations') {
      record.secretRotatedUntil = '2026-12-08T09:00:00Z';
      return json({ secret: 'whsec_second', previousSecretExpiresAt: record.secretRotatedUntil }, 201);
    }
    return json({ status: 404, title: 'Not Found' }, 404);
  };
  return {
    record,
    patches,
    changeElsewhere: () => {
      version += 1;
    },
  };
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/admin/webhooks" element={<p>Lijst</p>} />
          <Route path="/admin/webhooks/new" element={<WebhookCreatePage />} />
          <Route path="/admin/webhooks/:id" element={<WebhookPage />} />
          <Route path="/admin/webhooks/:id/edit" element={<WebhookEditPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeAll(async () => {
  await i18n.changeLanguage('nl');
  // jsdom has <dialog> without its methods: open and close it as a browser does.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

beforeEach(() => {
  server.requests.length = 0;
});

afterEach(cleanup);

describe('the webhook pages', () => {
  it('create a webhook with grouped event types, show its secret once, then lead to its page without it', async () => {
    fakeApi();
    renderAt('/admin/webhooks/new');
    const group = await screen.findByRole('group', { name: 'Agendapunten' });
    expect(screen.getByRole('group', { name: 'Vragen' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Adres \(URL\)/), { target: { value: ' https://ontvanger.example.nl/kompas ' } });
    fireEvent.click(within(group).getByLabelText('Gewijzigd'));
    fireEvent.click(screen.getByRole('button', { name: 'Webhook aanmaken' }));

    await screen.findByText('Bewaar dit geheim nu: het wordt niet meer getoond.');
    expect(screen.getByTestId('webhook-secret').textContent).toBe('whsec_first');
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(await post.json()).toEqual({
      url: 'https://ontvanger.example.nl/kompas',
      description: '',
      eventTypes: ['nl.kompas.agenda-item.updated.v1'],
      active: true,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Naar de webhook' }));
    // Without a description the page is named by its address.
    await screen.findByRole('heading', { level: 1, name: 'https://ontvanger.example.nl/kompas' });
    expect(screen.queryByText('whsec_first')).toBeNull();
  });

  it('refuse to send a webhook without an address or events', async () => {
    fakeApi();
    renderAt('/admin/webhooks/new');
    await screen.findByRole('group', { name: 'Agendapunten' });
    fireEvent.click(screen.getByRole('button', { name: 'Webhook aanmaken' }));
    await waitFor(() => expect(screen.getByLabelText(/^Adres \(URL\)/).getAttribute('aria-invalid')).toBe('true'));
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('turn a webhook off with If-Match on its latest version, and say so', async () => {
    const api = fakeApi();
    renderAt('/admin/webhooks/s1');
    await screen.findByRole('heading', { level: 1, name: 'Planningssysteem' });
    expect(screen.getAllByText('Actief').length).toBeGreaterThan(0);
    api.changeElsewhere(); // someone else changed it after this page read it
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Uitzetten' }));
    });
    await screen.findByText('De webhook staat uit. Kompas stuurt geen berichten meer.');
    expect(api.patches).toEqual([{ ifMatch: '"2"', body: { active: false } }]);
    expect(screen.getByRole('button', { name: 'Weer aanzetten' })).toBeTruthy();
    expect(screen.getByText('Uitgezet')).toBeTruthy();
  });

  it('make a new secret after confirming, show it once, and say until when the old one is valid', async () => {
    fakeApi();
    renderAt('/admin/webhooks/s1');
    await screen.findByRole('heading', { level: 1, name: 'Planningssysteem' });
    fireEvent.click(screen.getByRole('button', { name: 'Nieuw geheim maken' }));
    const dialog = screen.getByRole('dialog', { hidden: true, name: 'Nieuw geheim maken?' });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Nieuw geheim maken', hidden: true }));
    });
    await screen.findByText('whsec_second');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Het nieuwe geheim van deze webhook' })));
    expect(screen.getByText(/Het oude geheim blijft geldig tot/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ik heb het geheim bewaard' }));
    expect(screen.queryByText('whsec_second')).toBeNull();
  });

  it('start the edit form from the version read on this visit, and send its ETag', async () => {
    const api = fakeApi();
    api.changeElsewhere();
    renderAt('/admin/webhooks/s1/edit');
    const description = await screen.findByLabelText(/^Omschrijving/);
    fireEvent.change(description, { target: { value: 'Nieuwe omschrijving' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await screen.findByText('De webhook is opgeslagen.');
    expect(api.patches).toEqual([
      {
        ifMatch: '"2"',
        body: { url: 'https://ontvanger.example.nl/kompas', description: 'Nieuwe omschrijving', eventTypes: ['nl.kompas.agenda-item.created.v1'] },
      },
    ]);
  });
});
