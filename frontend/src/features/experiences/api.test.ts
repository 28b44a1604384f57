import { describe, expect, it } from 'vitest';
import { mayChangeExperience, mayPublishExperience, mayShareExperience, visibilitiesFor } from './api';

const member = { id: 'u-member', role: 'member' as const, partyId: 'p-werk' };
const partner = { id: 'u-partner', role: 'partner' as const, partyId: 'p-woon' };
const coordinator = { id: 'u-coordinator', role: 'coordinator' as const, partyId: null };
const viewer = { id: 'u-viewer', role: 'viewer' as const, partyId: null };

describe('who may do what with an experience', () => {
  it('lets everyone but viewers share one', () => {
    expect([member, partner, coordinator, viewer].map(mayShareExperience)).toEqual([true, true, true, false]);
  });

  it('lets its author, admins and coordinators change it', () => {
    const own = { authorId: 'u-member' };
    expect(mayChangeExperience(member, own)).toBe(true);
    expect(mayChangeExperience({ ...member, id: 'u-other' }, own)).toBe(false);
    expect(mayChangeExperience(coordinator, own)).toBe(true);
    expect(mayChangeExperience({ ...viewer, id: 'u-member' }, own)).toBe(false);
    expect(mayChangeExperience(undefined, own)).toBe(false);
  });

  it('never lets a partner publish, not even its own', () => {
    expect(mayPublishExperience(partner, { authorId: 'u-partner' })).toBe(false);
    expect(mayPublishExperience(member, { authorId: 'u-member' })).toBe(true);
    expect(mayPublishExperience(member, { authorId: 'u-other' })).toBe(false);
    expect(mayPublishExperience(coordinator, { authorId: 'u-member' })).toBe(true);
    expect(visibilitiesFor(partner, 'organisation')).toEqual(['organisation', 'partners']);
    expect(visibilitiesFor(partner, 'published')).toEqual(['organisation', 'partners', 'published']);
    expect(visibilitiesFor(member, 'organisation')).toEqual(['organisation', 'partners', 'published']);
  });
});
