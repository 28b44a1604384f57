import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';
import type { Perspective } from './matrix';

export type RoleMap = Schemas['RoleMapRead'];
export type Task = Schemas['TaskRead'];
export type Snapshot = Schemas['SnapshotSummary'];
export type Comparison = Schemas['ComparisonOut'];
export type CsvImportResult = Schemas['CsvImportResult'];

const PAGE_SIZE = 25;
// A map's tasks and snapshots are read whole where the page needs them all (reordering, choosing).
const ALL = 200;

export const roleMapKeys = {
  all: ['role-maps'] as const,
  list: (q: string) => ['role-maps', 'list', { q }] as const,
  one: (id: string) => ['role-maps', id] as const,
  matrix: (id: string, perspective: Perspective) => ['role-maps', id, 'matrix', perspective] as const,
  perspective: (id: string, perspective: Perspective) => ['role-maps', id, 'perspective', perspective] as const,
  analysis: (id: string) => ['role-maps', id, 'analysis'] as const,
  tasks: (id: string) => ['role-maps', id, 'tasks'] as const,
  task: (id: string, taskId: string) => ['role-maps', id, 'tasks', taskId] as const,
  snapshots: (id: string) => ['role-maps', id, 'snapshots'] as const,
  comparison: (id: string, from: string, to: string) => ['role-maps', id, 'comparison', from, to] as const,
};

const path = (id: string) => ({ path: { roleMapId: id } });

export function useRoleMaps(q: string) {
  return usePagedList(roleMapKeys.list(q), (cursor) =>
    unwrap(api.GET('/role-maps', { params: { query: { limit: PAGE_SIZE, cursor, q: q || undefined, sort: 'title' } } })),
  );
}

export const readRoleMap = (id: string) => withEtag(api.GET('/role-maps/{roleMapId}', { params: path(id) }));

/** One map with its ETag (for editing and deleting it). */
export function useRoleMap(id: string) {
  return useQuery({ queryKey: roleMapKeys.one(id), queryFn: () => readRoleMap(id) });
}

export function useMatrix(id: string, perspective: Perspective) {
  return useQuery({
    queryKey: roleMapKeys.matrix(id, perspective),
    queryFn: () => unwrap(api.GET('/role-maps/{roleMapId}/matrix', { params: { ...path(id), query: { perspective } } })),
    placeholderData: (previous) => previous,
  });
}

export function useAnalysis(id: string) {
  return useQuery({
    queryKey: roleMapKeys.analysis(id),
    queryFn: () => unwrap(api.GET('/role-maps/{roleMapId}/analysis', { params: path(id) })),
  });
}

/** One whole view with its ETag: what an edit starts from and sends back as If-Match. */
export const readPerspective = (id: string, perspective: Perspective) =>
  withEtag(
    api.GET('/role-maps/{roleMapId}/perspectives/{perspective}', {
      params: { path: { roleMapId: id, perspective } },
    }),
  );

export const replacePerspective = (
  id: string,
  perspective: Perspective,
  body: Schemas['PerspectiveWrite'],
  etag: string | null,
) =>
  withEtag(
    api.PUT('/role-maps/{roleMapId}/perspectives/{perspective}', {
      params: { path: { roleMapId: id, perspective }, header: { 'If-Match': etag ?? '' } },
      body,
    }),
  );

export const createRoleMap = (body: Schemas['RoleMapCreate']) => unwrap(api.POST('/role-maps', { body }));
export const updateRoleMap = (id: string, body: Schemas['RoleMapUpdate'], etag: string | null) =>
  withEtag(api.PATCH('/role-maps/{roleMapId}', { params: { ...path(id), header: { 'If-Match': etag ?? '' } }, body }));
export const deleteRoleMap = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/role-maps/{roleMapId}', { params: { ...path(id), header: { 'If-Match': etag ?? '' } } }));

// --- tasks ---

export function useTasks(id: string) {
  return usePagedList(roleMapKeys.tasks(id), (cursor) =>
    unwrap(api.GET('/role-maps/{roleMapId}/tasks', { params: { ...path(id), query: { limit: ALL, cursor, sort: 'position' } } })),
  );
}

const taskPath = (id: string, taskId: string) => ({ path: { roleMapId: id, taskId } });

export const readTask = (id: string, taskId: string) =>
  withEtag(api.GET('/role-maps/{roleMapId}/tasks/{taskId}', { params: taskPath(id, taskId) }));
export const createTask = (id: string, body: Schemas['TaskCreate']) =>
  unwrap(api.POST('/role-maps/{roleMapId}/tasks', { params: path(id), body }));
export const updateTask = (id: string, taskId: string, body: Schemas['TaskUpdate'], etag: string | null) =>
  withEtag(
    api.PATCH('/role-maps/{roleMapId}/tasks/{taskId}', {
      params: { ...taskPath(id, taskId), header: { 'If-Match': etag ?? '' } },
      body,
    }),
  );
export const deleteTask = (id: string, taskId: string, etag: string | null) =>
  withEtag(
    api.DELETE('/role-maps/{roleMapId}/tasks/{taskId}', {
      params: { ...taskPath(id, taskId), header: { 'If-Match': etag ?? '' } },
    }),
  );

/** Move a task: read its current version, then change its position with If-Match. */
export async function setTaskPosition(id: string, taskId: string, position: number): Promise<void> {
  const { etag } = await readTask(id, taskId);
  await updateTask(id, taskId, { position }, etag);
}

// --- snapshots ---

export function useSnapshots(id: string) {
  return usePagedList(roleMapKeys.snapshots(id), (cursor) =>
    unwrap(
      api.GET('/role-maps/{roleMapId}/snapshots', { params: { ...path(id), query: { limit: ALL, cursor, sort: '-createdAt' } } }),
    ),
  );
}

export const takeSnapshot = (id: string, label: string) =>
  unwrap(api.POST('/role-maps/{roleMapId}/snapshots', { params: path(id), body: { label } }));

export function useComparison(id: string, from: string, to: string) {
  return useQuery({
    queryKey: roleMapKeys.comparison(id, from, to),
    queryFn: () =>
      unwrap(api.GET('/role-maps/{roleMapId}/comparison', { params: { ...path(id), query: { from, to } } })),
    enabled: from !== '' && to !== '',
  });
}

// --- CSV ---

/** The map as CSV, with the API's file name; fetched with the session's token, saved as a blob. */
export async function exportCsv(id: string, perspective?: string): Promise<{ blob: Blob; contentDisposition: string | null }> {
  const { data, error, response } = await api.GET('/role-maps/{roleMapId}/csv', {
    params: { ...path(id), query: perspective ? { perspective } : {} },
    headers: { Accept: 'text/csv' },
    parseAs: 'blob',
  });
  const result = await withEtag(Promise.resolve({ data, error, response }));
  return { blob: result.data, contentDisposition: response.headers.get('Content-Disposition') };
}

export const importCsv = (id: string, content: string) =>
  unwrap(
    api.POST('/role-maps/{roleMapId}/csv', {
      params: path(id),
      body: content,
      headers: { 'Content-Type': 'text/csv' },
      bodySerializer: (body) => body,
    }),
  );
