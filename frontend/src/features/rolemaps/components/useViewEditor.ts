import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../../api';
import type { Schemas } from '../../../api';
import { readPerspective, replacePerspective, roleMapKeys } from '../api';
import {
  applyViewToMatrix,
  mergeViews,
  toggleRole,
  toPerspectiveBody,
  viewFromAssignments,
  type Matrix,
  type Perspective,
  type RaciRole,
} from '../matrix';

export type EditConflict = { state: 'none' } | { state: 'stale' } | { state: 'merged'; cells: string[] };

export type EditFailure =
  | { kind: 'refused'; error: ApiError; body: Schemas['PerspectiveWrite'] }
  | { kind: 'network' }
  | { kind: 'load' };

interface Editing {
  perspective: Perspective;
  /** The view as read when editing started (or at the last reload): what the edits are against. */
  base: Set<string>;
  draft: Set<string>;
  etag: string | null;
  conflict: EditConflict;
}

/**
 * Editing one whole view of a role map: read it with its ETag, switch roles in a draft, and save
 * the whole view with `PUT …/perspectives/{perspective}` and `If-Match`. A 412 keeps the draft
 * and offers to load the latest version, merged row by row with what the user changed.
 */
export function useViewEditor(mapId: string) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<EditFailure | null>(null);
  const [saved, setSaved] = useState(false);

  const start = async (perspective: Perspective) => {
    setBusy(true);
    setFailure(null);
    setSaved(false);
    try {
      const { data, etag } = await readPerspective(mapId, perspective);
      const view = viewFromAssignments(data.assignments);
      setEditing({ perspective, base: view, draft: new Set(view), etag, conflict: { state: 'none' } });
    } catch {
      setFailure({ kind: 'load' });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (taskId: string, partyId: string, role: RaciRole) =>
    setEditing((current) => current && { ...current, draft: toggleRole(current.draft, taskId, partyId, role) });

  const cancel = () => {
    setEditing(null);
    setFailure(null);
  };

  const save = async (matrix: Matrix) => {
    if (!editing) return;
    const body = toPerspectiveBody(
      editing.draft,
      matrix.rows.map((row) => row.taskId),
      matrix.parties.map((party) => party.id),
    );
    setBusy(true);
    setFailure(null);
    try {
      const { data } = await replacePerspective(mapId, editing.perspective, body, editing.etag);
      queryClient.setQueryData<Matrix>(roleMapKeys.matrix(mapId, editing.perspective), (old) =>
        old ? applyViewToMatrix(old, data.assignments) : old,
      );
      await queryClient.invalidateQueries({ queryKey: roleMapKeys.one(mapId) });
      setEditing(null);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setEditing({ ...editing, conflict: { state: 'stale' } });
      } else if (error instanceof ApiError) {
        setFailure({ kind: 'refused', error, body });
      } else {
        setFailure({ kind: 'network' });
      }
    } finally {
      setBusy(false);
    }
  };

  /** After a 412: the latest version, keeping every role the user switched. */
  const reload = async () => {
    if (!editing) return;
    setBusy(true);
    try {
      const { data, etag } = await readPerspective(mapId, editing.perspective);
      const latest = viewFromAssignments(data.assignments);
      const merged = mergeViews(editing.base, editing.draft, latest);
      setEditing({ ...editing, base: latest, draft: merged.view, etag, conflict: { state: 'merged', cells: merged.conflicts } });
      // Tasks or parties may have changed too.
      await queryClient.invalidateQueries({ queryKey: roleMapKeys.matrix(mapId, editing.perspective) });
    } catch {
      setFailure({ kind: 'load' });
    } finally {
      setBusy(false);
    }
  };

  return { editing, busy, failure, saved, setSaved, start, toggle, cancel, save, reload };
}
