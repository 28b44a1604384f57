import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Party = Schemas['PartyRead'];
export type Department = Schemas['DepartmentRead'];
export type Partner = Schemas['PartnerRead'];
export type Person = Schemas['PersonRead'];
export type Need = Schemas['NeedRead'];
export type OrganisationType = Schemas['OrganisationType'];
export type PartyKind = Schemas['PartyKind'];
export type NeedKind = Schemas['NeedKind'];
export type NeedStatus = Schemas['NeedStatus'];
export type NeedVisibility = Schemas['NeedCreate']['visibility'];

export const ORGANISATION_TYPES: OrganisationType[] = [
  'housing-corporation',
  'public-health',
  'employment-agency',
  'care-provider',
  'neighbourhood-team',
  'education',
  'other',
];
export const NEED_KINDS: NeedKind[] = ['need', 'offer'];
export const NEED_STATUSES: NeedStatus[] = ['open', 'being-met', 'met'];
export const NEED_VISIBILITIES: NeedVisibility[] = ['organisation', 'partners', 'published'];
export const PARTY_SORTS = ['name', '-name', '-updatedAt', 'kind'] as const;

export const partyKeys = {
  all: ['parties'] as const,
  list: (filters: PartyFilters) => ['parties', 'list', filters] as const,
  options: ['parties', 'options'] as const,
  one: (id: string) => ['parties', id] as const,
  department: (id: string) => ['departments', id] as const,
  partner: (id: string) => ['partners', id] as const,
  people: (partyId: string) => ['people', { partyId }] as const,
  person: (id: string) => ['people', id] as const,
  needs: (filter: { partyId?: string; counterpartPartyId?: string }) => ['needs', filter] as const,
  need: (id: string) => ['needs', id] as const,
};

export interface PartyFilters {
  q?: string;
  kind?: PartyKind;
  sort?: string;
}

const PAGE_SIZE = 25;

/** Departments and partners, page by page, filtered and sorted by the API. */
export function useParties(filters: PartyFilters) {
  return usePagedList(partyKeys.list(filters), (cursor) =>
    unwrap(
      api.GET('/parties', {
        params: {
          query: {
            limit: PAGE_SIZE,
            cursor,
            q: filters.q || undefined,
            kind: filters.kind,
            sort: filters.sort || undefined,
          },
        },
      }),
    ),
  );
}

/** Every party, for choosing one in a form. */
export function usePartyOptions() {
  return useQuery({
    queryKey: partyKeys.options,
    queryFn: () => unwrap(api.GET('/parties', { params: { query: { limit: 200, sort: 'name' } } })),
  });
}

export function useParty(id: string) {
  return useQuery({
    queryKey: partyKeys.one(id),
    queryFn: () => unwrap(api.GET('/parties/{partyId}', { params: { path: { partyId: id } } })),
  });
}

export const readDepartment = (id: string) =>
  withEtag(api.GET('/departments/{departmentId}', { params: { path: { departmentId: id } } }));
export const readPartner = (id: string) =>
  withEtag(api.GET('/partners/{partnerId}', { params: { path: { partnerId: id } } }));
export const readPerson = (id: string) =>
  withEtag(api.GET('/people/{personId}', { params: { path: { personId: id } } }));
export const readNeed = (id: string) => withEtag(api.GET('/needs/{needId}', { params: { path: { needId: id } } }));

export function usePartner(id: string, enabled = true) {
  return useQuery({ queryKey: partyKeys.partner(id), queryFn: () => readPartner(id), enabled });
}

export function usePeople(partyId: string) {
  return usePagedList(partyKeys.people(partyId), (cursor) =>
    unwrap(api.GET('/people', { params: { query: { partyId, limit: PAGE_SIZE, cursor, sort: 'name' } } })),
  );
}

export function useNeeds(filter: { partyId?: string; counterpartPartyId?: string }) {
  return usePagedList(partyKeys.needs(filter), (cursor) =>
    unwrap(api.GET('/needs', { params: { query: { ...filter, limit: PAGE_SIZE, cursor, sort: '-updatedAt' } } })),
  );
}

const etagOf = (etag: string | null) => ({ 'If-Match': etag ?? '' });

/** Deletes, each with the version the user saw as If-Match; a 409 says what still refers to it. */
export const deleteDepartment = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/departments/{departmentId}', { params: { path: { departmentId: id }, header: etagOf(etag) } }));
export const deletePartner = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/partners/{partnerId}', { params: { path: { partnerId: id }, header: etagOf(etag) } }));
export const deletePerson = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/people/{personId}', { params: { path: { personId: id }, header: etagOf(etag) } }));
export const deleteNeed = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/needs/{needId}', { params: { path: { needId: id }, header: etagOf(etag) } }));
