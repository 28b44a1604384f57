// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../../i18n';
import { EraseUserAction } from './EraseUserAction';

// The API client keeps the fetch it was made with, so the fake API is in place before it loads.
const server = vi.hoisted(() => {
  const state = { status: 200, body: {} as unknown, paths: [] as string[] };
  const NodeRequest = globalThis.Request;
  // As in a browser, a relative URL is relative to the page.
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, 'http://kompas.test') : input, init);
    }
  } as typeof Request;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const request = input as Request;
    state.paths.push(`${request.method} ${new URL(request.url).pathname}`);
    return new Response(JSON.stringify(state.body), {
      status: state.status,
      headers: { 'Content-Type': state.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  }) as typeof fetch;
  return state;
});

beforeAll(async () => {
  await i18n.changeLanguage('nl');
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

afterEach(() => {
  cleanup();
  server.paths.length = 0;
});

const person = { id: 'u1', name: 'Jeroen de Vries' };

describe('EraseUserAction', () => {
  it('says what goes and what stays before erasing, then erases', async () => {
    server.status = 200;
    server.body = { id: 'u1', name: 'Voormalig lid' };
    const onErased = vi.fn();
    render(<EraseUserAction user={person} onErased={onErased} />);
    fireEvent.click(screen.getByRole('button', { name: 'Persoon wissen: Jeroen de Vries' }));
    const dialog = screen.getByRole('dialog', { hidden: true, name: 'Jeroen de Vries wissen?' });
    expect(within(dialog).getByText(/Wat iemand voor de organisatie schreef blijft staan onder 'Voormalig lid'/)).toBeTruthy();
    expect(within(dialog).getByText(/inloggen kan niet meer/)).toBeTruthy();
    expect(server.paths).toEqual([]);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Definitief wissen', hidden: true }));
    });
    expect(server.paths).toEqual(['POST /api/v1/users/u1/erase']);
    expect(onErased).toHaveBeenCalledTimes(1);
  });

  it('keeps the dialog open and says why when the API refuses (the last admin)', async () => {
    server.status = 409;
    server.body = { status: 409, title: 'Conflict', detail: 'The last admin cannot be erased.' };
    const onErased = vi.fn();
    render(<EraseUserAction user={person} onErased={onErased} />);
    fireEvent.click(screen.getByRole('button', { name: 'Persoon wissen: Jeroen de Vries' }));
    const dialog = screen.getByRole('dialog', { hidden: true });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Definitief wissen', hidden: true }));
    });
    expect(within(dialog).getByText(/Wissen kan niet: dit is de laatste beheerder/)).toBeTruthy();
    expect(within(dialog).getByText('The last admin cannot be erased.')).toBeTruthy();
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(onErased).not.toHaveBeenCalled();
  });
});
