// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../../i18n';
import { SecretPanel } from './SecretPanel';

const SECRET = 'kompas_pat_abc123_secretpart_x9';

beforeAll(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SecretPanel', () => {
  it('shows the secret with a warning, and takes the focus', () => {
    render(<SecretPanel name="Planning" secret={SECRET} onDone={() => {}} />);
    expect(screen.getByText(SECRET)).toBeTruthy();
    expect(screen.getByText(/niet opnieuw getoond/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 3 }));
  });

  it('copies the secret and says so in a polite live region', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    render(<SecretPanel name="Planning" secret={SECRET} onDone={() => {}} />);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Kopiëren' }));
    });
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(status.textContent).toBe('Het token is gekopieerd.');
  });

  it('says when copying is not possible, so the user copies by hand', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    render(<SecretPanel name="Planning" secret={SECRET} onDone={() => {}} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Kopiëren' }));
    });
    expect(screen.getByRole('status').textContent).toMatch(/Kopiëren lukte niet/);
  });

  it('is gone for good once the user says they stored it', () => {
    const onDone = vi.fn();
    render(<SecretPanel name="Planning" secret={SECRET} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ik heb het token bewaard' }));
    expect(onDone).toHaveBeenCalledTimes(1);
  });
});
