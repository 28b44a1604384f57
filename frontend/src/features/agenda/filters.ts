import type { Schemas } from '../../api';

type AgendaStatus = Schemas['AgendaStatus'];

const STATUSES: readonly string[] = ['idea', 'planned', 'in-progress', 'done', 'dropped'];

/** The agenda list's filters, search and sort; they live in the URL so a view can be shared. */
export interface AgendaFilters {
  q?: string;
  status?: AgendaStatus;
  phaseId?: string;
  leadPartyId?: string;
  ballHolderId?: string;
  stalled?: boolean;
  sort?: string;
}

export const DEFAULT_SORT = '-updatedAt';

/** Read the filters from the URL, ignoring what is not a filter or not a valid value. */
export function filtersFromParams(params: URLSearchParams): AgendaFilters {
  const filters: AgendaFilters = {};
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const q = text('q');
  if (q) filters.q = q;
  const status = text('status');
  if (status && STATUSES.includes(status)) filters.status = status as AgendaStatus;
  for (const name of ['phaseId', 'leadPartyId', 'ballHolderId'] as const) {
    const value = text(name);
    if (value) filters[name] = value;
  }
  if (params.get('stalled') === 'true') filters.stalled = true;
  const sort = text('sort');
  if (sort && sort !== DEFAULT_SORT) filters.sort = sort;
  return filters;
}

/** The URL parameters for the filters: only what is set, the default sort left out. */
export function filtersToParams(filters: AgendaFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  if (filters.status) params.set('status', filters.status);
  if (filters.phaseId) params.set('phaseId', filters.phaseId);
  if (filters.leadPartyId) params.set('leadPartyId', filters.leadPartyId);
  if (filters.ballHolderId) params.set('ballHolderId', filters.ballHolderId);
  if (filters.stalled) params.set('stalled', 'true');
  if (filters.sort && filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

/** Whether anything narrows the list (so an empty list means "no results", not "empty agenda"). */
export function isFiltered(filters: AgendaFilters): boolean {
  return Boolean(filters.q || filters.status || filters.phaseId || filters.leadPartyId || filters.ballHolderId || filters.stalled);
}
