// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useSearchParamUpdate } from './useSearchParamUpdate';

function setup(initial: string) {
  const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[initial]}>{children}</MemoryRouter>;
  return renderHook(() => ({ update: useSearchParamUpdate()[1], location: useLocation() }), { wrapper });
}

describe('useSearchParamUpdate', () => {
  it('sets and removes parameters, keeping the others', () => {
    const hook = setup('/users?role=partner&page=2');
    act(() => hook.result.current.update({ q: 'fatima', role: '' }));
    expect(hook.result.current.location.search).toBe('?page=2&q=fatima');
  });

  it('builds a second change on the first when no render came between them', () => {
    const hook = setup('/users?role=partner');
    // Both in one act: the second is made with the closure of the render before the first.
    const { update } = hook.result.current;
    act(() => {
      update({ role: '' });
      update({ q: 'fatima' });
    });
    expect(hook.result.current.location.search).toBe('?q=fatima');
  });

  it('starts from the rendered parameters once the location moved on', () => {
    const hook = setup('/users?role=partner');
    act(() => hook.result.current.update({ role: 'viewer' }));
    act(() => hook.result.current.update({ q: 'x' }));
    expect(hook.result.current.location.search).toBe('?role=viewer&q=x');
  });
});
