import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Purpose = Schemas['PurposeRead'];
export type Driver = Schemas['DriverRead'];
export type Phase = Schemas['PhaseRead'];
export type WorkFormat = Schemas['WorkFormatRead'];

// Compass lists are short by nature (a handful of drivers, phases, formats): one page of 200.
const ALL = 200;

export const compassKeys = {
  purpose: ['purpose'] as const,
  drivers: ['drivers'] as const,
  phases: ['phases'] as const,
  workFormats: ['work-formats'] as const,
};

export function usePurpose() {
  return useQuery({ queryKey: compassKeys.purpose, queryFn: () => withEtag(api.GET('/purpose')) });
}

export function useDrivers() {
  return usePagedList([...compassKeys.drivers, 'list'], (cursor) =>
    unwrap(api.GET('/drivers', { params: { query: { limit: ALL, cursor, sort: 'position' } } })),
  );
}

export function usePhases() {
  return usePagedList([...compassKeys.phases, 'list'], (cursor) =>
    unwrap(api.GET('/phases', { params: { query: { limit: ALL, cursor, sort: 'position' } } })),
  );
}

export function useWorkFormats() {
  return usePagedList([...compassKeys.workFormats, 'list'], (cursor) =>
    unwrap(api.GET('/work-formats', { params: { query: { limit: ALL, cursor, sort: 'name' } } })),
  );
}

/** Values of the form for a driver, a phase or a work format: they share their shape. */
export interface CompassRecordValues extends Record<string, unknown> {
  label: string; // `title` of a driver, `name` of a phase or work format
  description: string;
}

interface CompassRecord {
  description: string;
  position?: number;
}

/**
 * What the shared form needs to know of each compass collection: how to read, create and change
 * a record, and which field holds its name.
 */
export interface CompassCollection {
  kind: 'drivers' | 'phases' | 'workFormats';
  labelField: 'title' | 'name';
  queryKey: readonly string[];
  read: (id: string) => Promise<{ data: CompassRecord & Record<string, unknown>; etag: string | null }>;
  create: (values: CompassRecordValues) => Promise<unknown>;
  update: (id: string, values: CompassRecordValues, etag: string) => Promise<unknown>;
  /** DELETE with If-Match; a 409 says what still refers to it. */
  remove: (id: string, etag: string) => Promise<unknown>;
}

export const drivers: CompassCollection = {
  kind: 'drivers',
  labelField: 'title',
  queryKey: compassKeys.drivers,
  read: (id) => withEtag(api.GET('/drivers/{driverId}', { params: { path: { driverId: id } } })),
  create: (v) => unwrap(api.POST('/drivers', { body: { title: v.label, description: v.description } })),
  update: (id, v, etag) =>
    unwrap(
      api.PATCH('/drivers/{driverId}', {
        params: { path: { driverId: id }, header: { 'If-Match': etag } },
        body: { title: v.label, description: v.description },
      }),
    ),
  remove: (id, etag) =>
    withEtag(api.DELETE('/drivers/{driverId}', { params: { path: { driverId: id }, header: { 'If-Match': etag } } })),
};

export const phases: CompassCollection = {
  kind: 'phases',
  labelField: 'name',
  queryKey: compassKeys.phases,
  read: (id) => withEtag(api.GET('/phases/{phaseId}', { params: { path: { phaseId: id } } })),
  create: (v) => unwrap(api.POST('/phases', { body: { name: v.label, description: v.description } })),
  update: (id, v, etag) =>
    unwrap(
      api.PATCH('/phases/{phaseId}', {
        params: { path: { phaseId: id }, header: { 'If-Match': etag } },
        body: { name: v.label, description: v.description },
      }),
    ),
  remove: (id, etag) =>
    withEtag(api.DELETE('/phases/{phaseId}', { params: { path: { phaseId: id }, header: { 'If-Match': etag } } })),
};

export const workFormats: CompassCollection = {
  kind: 'workFormats',
  labelField: 'name',
  queryKey: compassKeys.workFormats,
  read: (id) => withEtag(api.GET('/work-formats/{workFormatId}', { params: { path: { workFormatId: id } } })),
  create: (v) => unwrap(api.POST('/work-formats', { body: { name: v.label, description: v.description } })),
  update: (id, v, etag) =>
    unwrap(
      api.PATCH('/work-formats/{workFormatId}', {
        params: { path: { workFormatId: id }, header: { 'If-Match': etag } },
        body: { name: v.label, description: v.description },
      }),
    ),
  remove: (id, etag) =>
    withEtag(
      api.DELETE('/work-formats/{workFormatId}', { params: { path: { workFormatId: id }, header: { 'If-Match': etag } } }),
    ),
};

/** Move a driver or phase to a new position: read its current version, then change it. */
export async function setPosition(kind: 'drivers' | 'phases', id: string, position: number): Promise<void> {
  if (kind === 'drivers') {
    const { etag } = await withEtag(api.GET('/drivers/{driverId}', { params: { path: { driverId: id } } }));
    await unwrap(
      api.PATCH('/drivers/{driverId}', {
        params: { path: { driverId: id }, header: { 'If-Match': etag ?? '' } },
        body: { position },
      }),
    );
  } else {
    const { etag } = await withEtag(api.GET('/phases/{phaseId}', { params: { path: { phaseId: id } } }));
    await unwrap(
      api.PATCH('/phases/{phaseId}', {
        params: { path: { phaseId: id }, header: { 'If-Match': etag ?? '' } },
        body: { position },
      }),
    );
  }
}
