import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';
import type { Role } from '../../auth/permissions';

export type Experience = Schemas['ExperienceRead'];
export type ExperienceCreate = Schemas['ExperienceCreate'];
export type ExperienceUpdate = Schemas['ExperienceUpdate'];
export type ExperienceVisibility = ExperienceCreate['visibility'] & string;

export const EXPERIENCE_VISIBILITIES: ExperienceVisibility[] = ['organisation', 'partners', 'published'];
export const EXPERIENCE_SORTS = ['-createdAt', 'createdAt', 'title', '-updatedAt'] as const;
export const DEFAULT_SORT = '-createdAt';

/** The list's filters, search and sort; they live in the URL so a view can be shared. */
export interface ExperienceFilters {
  q?: string;
  tag?: string;
  phaseId?: string;
  partyId?: string;
  visibility?: ExperienceVisibility;
  authorId?: string;
  sort?: string;
}

export const experienceKeys = {
  all: ['experiences'] as const,
  list: (filters: ExperienceFilters) => ['experiences', 'list', filters] as const,
  one: (id: string) => ['experiences', id] as const,
};

export function useExperiences(filters: ExperienceFilters) {
  return usePagedList(experienceKeys.list(filters), (cursor) =>
    unwrap(
      api.GET('/experiences', {
        params: {
          query: {
            limit: 25,
            cursor,
            q: filters.q || undefined,
            tag: filters.tag || undefined,
            phaseId: filters.phaseId || undefined,
            partyId: filters.partyId || undefined,
            visibility: filters.visibility || undefined,
            authorId: filters.authorId || undefined,
            sort: filters.sort || undefined,
          },
        },
      }),
    ),
  );
}

export function useExperience(id: string) {
  return useQuery({
    queryKey: experienceKeys.one(id),
    queryFn: () => readExperience(id),
  });
}

export const readExperience = (id: string) => withEtag(api.GET('/experiences/{experienceId}', { params: { path: { experienceId: id } } }));

export const createExperience = (body: ExperienceCreate) => unwrap(api.POST('/experiences', { body }));

export const updateExperience = (id: string, body: ExperienceUpdate, etag: string | null) =>
  withEtag(api.PATCH('/experiences/{experienceId}', { params: { path: { experienceId: id }, header: { 'If-Match': etag ?? '' } }, body }));

export const deleteExperience = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/experiences/{experienceId}', { params: { path: { experienceId: id }, header: { 'If-Match': etag ?? '' } } }));

type Me = { id: string; role: Role; partyId?: string | null };

/** Sharing an experience: everyone but viewers (a partner only one that involves its party). */
export function mayShareExperience(me: Me | undefined): boolean {
  return me !== undefined && me.role !== 'viewer';
}

/** Changing or deleting one: its author, and admins and coordinators. */
export function mayChangeExperience(me: Me | undefined, experience: Pick<Experience, 'authorId'>): boolean {
  if (!me) return false;
  if (me.role === 'admin' || me.role === 'coordinator') return true;
  return me.role !== 'viewer' && me.id === experience.authorId;
}

/**
 * Publishing to the intranet (or taking it back): admins, coordinators and members who may change
 * the experience. A partner shares with the partners at most.
 */
export function mayPublishExperience(me: Me | undefined, experience: Pick<Experience, 'authorId'> | null): boolean {
  if (!me || me.role === 'partner' || me.role === 'viewer') return false;
  return experience === null || mayChangeExperience(me, experience);
}

/** The visibilities this user may choose (the current one always stays choosable). */
export function visibilitiesFor(me: Me | undefined, current: ExperienceVisibility): ExperienceVisibility[] {
  const publishes = me !== undefined && me.role !== 'partner' && me.role !== 'viewer';
  return EXPERIENCE_VISIBILITIES.filter((v) => v !== 'published' || publishes || current === 'published');
}

/** Publish an experience, or take it back: read it for its ETag, then change only its visibility. */
export async function setExperienceVisibility(id: string, visibility: ExperienceVisibility) {
  const { etag } = await readExperience(id);
  return updateExperience(id, { visibility }, etag);
}
