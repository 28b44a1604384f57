// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import { useForm } from './useForm';

const event = { preventDefault: () => {} } as FormEvent;
type Values = { name: string; description: string };

function setup(submit: (values: Values, etag: string | null) => Promise<unknown>, reload = vi.fn()) {
  const onSuccess = vi.fn();
  const hook = renderHook(() =>
    useForm<Values, unknown>({
      initial: { name: 'Jeugd', description: 'Oud' },
      etag: '"1"',
      rules: () => ({ name: { required: true, maxLength: 40 }, description: { maxLength: 50 } }),
      submit,
      reload,
      onSuccess,
    }),
  );
  return { ...hook, onSuccess };
}

describe('useForm', () => {
  it('sends the ETag it loaded as If-Match, and reports success', async () => {
    const submit = vi.fn().mockResolvedValue({ id: 'x' });
    const { result, onSuccess } = setup(submit);
    act(() => result.current.set('name', 'Jeugd 2'));
    await act(() => result.current.onSubmit(event));
    expect(submit).toHaveBeenCalledWith({ name: 'Jeugd 2', description: 'Oud' }, '"1"');
    expect(onSuccess).toHaveBeenCalledWith({ id: 'x' });
  });

  it('does not send what the API would refuse', async () => {
    const submit = vi.fn();
    const { result } = setup(submit);
    act(() => result.current.set('name', ''));
    await act(() => result.current.onSubmit(event));
    expect(submit).not.toHaveBeenCalled();
    expect(result.current.errors).toEqual({ name: { key: 'validation.required' } });
  });

  it('shows problem details beside the fields', async () => {
    const submit = vi.fn().mockRejectedValue(
      new ApiError(400, { status: 400, invalidParams: [{ name: 'name', reason: 'Already in use.', code: 'duplicate' }] }),
    );
    const { result } = setup(submit);
    await act(() => result.current.onSubmit(event));
    expect(result.current.errors).toEqual({ name: { key: 'validation.server.duplicate' } });
  });

  it('after a 412, reloads the latest version without losing what the user typed', async () => {
    const submit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(412, { status: 412, detail: 'Changed.' }))
      .mockResolvedValueOnce({ id: 'x' });
    const reload = vi.fn().mockResolvedValue({ values: { name: 'Jeugd', description: 'Nieuw van collega' }, etag: '"2"' });
    const { result, onSuccess } = setup(submit, reload);

    act(() => result.current.set('name', 'Jeugd en Onderwijs'));
    await act(() => result.current.onSubmit(event));
    expect(result.current.conflict).toEqual({ state: 'stale' });
    expect(onSuccess).not.toHaveBeenCalled();

    await act(() => result.current.reloadLatest());
    expect(result.current.values).toEqual({ name: 'Jeugd en Onderwijs', description: 'Nieuw van collega' });
    expect(result.current.conflict).toMatchObject({ state: 'merged', fields: [] });

    await act(() => result.current.onSubmit(event));
    expect(submit).toHaveBeenLastCalledWith({ name: 'Jeugd en Onderwijs', description: 'Nieuw van collega' }, '"2"');
    expect(onSuccess).toHaveBeenCalled();
  });
});
