// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { ApiError } from '../../../api';
import i18n from '../../../i18n';
import { JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from './JointFormPage';

type Values = { title: string };
type Thing = { id: string; title: string };

/** A record on a fake server with a version, answering `If-Match` as the API does. */
function fakeServer() {
  const record = { id: 't1', title: 'Eerste', version: 1 };
  const etagOf = () => `"${record.version}"`;
  const sentEtags: (string | null)[] = [];
  const pending: (() => void)[] = [];
  /** Answer every read sent so far, with the record as it is at this moment. */
  const releaseReads = () => pending.splice(0).forEach((answer) => answer());
  const kind: JointRecordKind<Values, Thing> = {
    path: '/things',
    keys: { all: ['things'], one: (id) => ['things', id] },
    // A read answers when the test releases it, as over the network: the test can look at the
    // page while the read of the record is still under way.
    read: vi.fn(
      () =>
        new Promise<{ data: Thing; etag: string }>((resolve) => {
          pending.push(() => resolve({ data: { id: record.id, title: record.title }, etag: etagOf() }));
        }),
    ),
    toValues: (thing) => ({ title: thing.title }),
    create: vi.fn(),
    update: vi.fn(async (_id: string, values: Values, etag: string | null) => {
      sentEtags.push(etag);
      if (etag !== etagOf()) throw new ApiError(412, { status: 412, title: 'Precondition Failed' });
      record.title = values.title;
      record.version += 1;
      return { data: { id: record.id, title: record.title }, etag: etagOf() };
    }),
    remove: vi.fn(),
  };
  /** Someone (another tab, or a status change on the record's page) changes the record. */
  const changeElsewhere = () => {
    record.version += 1;
  };
  return { record, kind, sentEtags, changeElsewhere, pending, releaseReads };
}

function renderApp(kind: JointRecordKind<Values, Thing>) {
  function ThingForm({ id, initial, etag }: JointFormProps<Values>) {
    const { form } = useJointForm(kind, { id, initial, etag, rules: () => ({ title: { required: true } }) });
    return (
      <form onSubmit={form.onSubmit}>
        <label>
          Titel
          <input value={form.values.title} onChange={(event) => form.set('title', event.target.value)} />
        </label>
        {form.conflict.state !== 'none' && <p role="alert">conflict</p>}
        <button type="submit">Opslaan</button>
      </form>
    );
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/things/t1']}>
        <Routes>
          <Route path="/things/:id" element={<Link to="/things/t1/edit">Wijzigen</Link>} />
          <Route
            path="/things/:id/edit"
            element={<JointFormPage kind={kind} titles={{ new: 'nav.home', edit: 'nav.home' }} empty={{ title: '' }} form={ThingForm} />}
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

type Server = ReturnType<typeof fakeServer>;

/** Open the form: it waits for a fresh read of the record and shows nothing stale meanwhile. */
async function openForm(server: Server) {
  fireEvent.click(await screen.findByRole('link', { name: 'Wijzigen' }));
  await waitFor(() => expect(server.pending.length).toBeGreaterThan(0));
  expect(screen.queryByLabelText('Titel')).toBeNull();
  server.releaseReads();
  return screen.findByLabelText('Titel');
}

async function editTitle(server: Server, title: string) {
  fireEvent.change(await openForm(server), { target: { value: title } });
  fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
  // Saved: back on the record's page.
  await screen.findByRole('link', { name: 'Wijzigen' });
}

beforeAll(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(cleanup);

describe('JointFormPage', () => {
  it('edits the same record twice in one session without a 412', async () => {
    const server = fakeServer();
    const { record, kind, sentEtags } = server;
    renderApp(kind);
    await editTitle(server, 'Tweede');
    await editTitle(server, 'Derde');
    expect(sentEtags).toEqual(['"1"', '"2"']);
    expect(record.title).toBe('Derde');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('starts a second edit from the record as it is now, after a change elsewhere', async () => {
    const server = fakeServer();
    const { record, kind, sentEtags, changeElsewhere } = server;
    renderApp(kind);
    await editTitle(server, 'Tweede');
    changeElsewhere();
    await editTitle(server, 'Derde');
    expect(sentEtags).toEqual(['"1"', '"3"']);
    expect(record.title).toBe('Derde');
  });

  it('shows the record as read afresh in the form, not a cached copy', async () => {
    const server = fakeServer();
    renderApp(server.kind);
    await editTitle(server, 'Tweede');
    server.record.title = 'Elders gewijzigd';
    expect(((await openForm(server)) as HTMLInputElement).value).toBe('Elders gewijzigd');
  });
});
