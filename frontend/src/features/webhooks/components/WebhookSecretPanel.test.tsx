// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../../i18n';
import { WebhookSecretPanel } from './WebhookSecretPanel';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

beforeAll(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('WebhookSecretPanel', () => {
  it('shows the secret once with a clear Dutch warning, and takes the focus', () => {
    render(<WebhookSecretPanel secret={SECRET} title="Het geheim van deze webhook" onDone={() => {}} />);
    expect(screen.getByTestId('webhook-secret').textContent).toBe(SECRET);
    expect(screen.getByText('Bewaar dit geheim nu: het wordt niet meer getoond.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Het geheim van deze webhook' }));
  });

  it('copies the secret and says so politely; says so too when copying fails', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    render(<WebhookSecretPanel secret={SECRET} title="Geheim" onDone={() => {}} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Kopiëren' }));
    });
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(status.textContent).toBe('Het geheim is gekopieerd.');

    writeText.mockRejectedValueOnce(new Error('denied'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Kopiëren' }));
    });
    expect(status.textContent).toMatch(/Kopiëren lukte niet/);
  });

  it('shows what else to know, such as until when the old secret stays valid', () => {
    const onDone = vi.fn();
    render(<WebhookSecretPanel secret={SECRET} title="Nieuw" note="Het oude geheim blijft geldig tot morgen." onDone={onDone} />);
    expect(screen.getByText('Het oude geheim blijft geldig tot morgen.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ik heb het geheim bewaard' }));
    expect(onDone).toHaveBeenCalledTimes(1);
  });
});
