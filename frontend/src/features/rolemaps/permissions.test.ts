import { describe, expect, it } from 'vitest';
import { mayImport, maySpeakFor } from './permissions';

describe('maySpeakFor', () => {
  it('lets coordinators and admins give the agreed view and any party view', () => {
    for (const role of ['admin', 'coordinator'] as const) {
      expect(maySpeakFor({ role }, 'agreed')).toBe(true);
      expect(maySpeakFor({ role, partyId: 'a' }, 'b')).toBe(true);
    }
  });

  it('lets members and partners give only their own party view', () => {
    for (const role of ['member', 'partner'] as const) {
      expect(maySpeakFor({ role, partyId: 'jeugd' }, 'jeugd')).toBe(true);
      expect(maySpeakFor({ role, partyId: 'jeugd' }, 'zorg')).toBe(false);
      expect(maySpeakFor({ role, partyId: 'jeugd' }, 'agreed')).toBe(false);
      expect(maySpeakFor({ role, partyId: null }, 'zorg')).toBe(false);
    }
  });

  it('lets viewers and unknown users give no view', () => {
    expect(maySpeakFor({ role: 'viewer', partyId: 'zorg' }, 'zorg')).toBe(false);
    expect(maySpeakFor(undefined, 'agreed')).toBe(false);
    expect(mayImport({ role: 'viewer' })).toBe(false);
    expect(mayImport({ role: 'member' })).toBe(true);
  });
});
