import type { Visibility } from '../joint/api';
import type { Meeting, MeetingCreate } from './api';
import { fromLocalInput, toLocalInput } from './datetime';

/** The meeting form's values: times as the datetime-local inputs show them (local time). */
export interface MeetingValues extends Record<string, unknown> {
  title: string;
  agenda: string;
  location: string;
  startsAt: string; // YYYY-MM-DDTHH:mm, local
  endsAt: string;
  phaseId: string;
  workFormatId: string;
  visibility: Visibility;
  partyIds: string[];
  personIds: string[];
  agendaItemIds: string[];
  successIds: string[];
  snapshotIds: string[];
  outcomeNotes: string;
}

export const emptyMeeting: MeetingValues = {
  title: '',
  agenda: '',
  location: '',
  startsAt: '',
  endsAt: '',
  phaseId: '',
  workFormatId: '',
  visibility: 'organisation',
  partyIds: [],
  personIds: [],
  agendaItemIds: [],
  successIds: [],
  snapshotIds: [],
  outcomeNotes: '',
};

export const toMeetingValues = (m: Meeting): MeetingValues => ({
  title: m.title,
  agenda: m.agenda,
  location: m.location,
  startsAt: toLocalInput(m.startsAt),
  endsAt: toLocalInput(m.endsAt),
  phaseId: m.phaseId ?? '',
  workFormatId: m.workFormatId ?? '',
  visibility: m.visibility,
  partyIds: m.partyIds,
  personIds: m.personIds,
  agendaItemIds: m.agendaItemIds,
  successIds: m.successIds,
  snapshotIds: m.snapshotIds,
  outcomeNotes: m.outcomeNotes,
});

/** The body for the API, with the times in RFC 3339 (the form has checked they are valid). */
export const toMeetingBody = (v: MeetingValues): MeetingCreate => ({
  title: v.title.trim(),
  agenda: v.agenda,
  location: v.location.trim(),
  startsAt: fromLocalInput(v.startsAt) ?? v.startsAt,
  endsAt: fromLocalInput(v.endsAt) ?? v.endsAt,
  phaseId: v.phaseId || null,
  workFormatId: v.workFormatId || null,
  visibility: v.visibility as MeetingCreate['visibility'],
  partyIds: v.partyIds,
  personIds: v.personIds,
  agendaItemIds: v.agendaItemIds,
  successIds: v.successIds,
  snapshotIds: v.snapshotIds,
  outcomeNotes: v.outcomeNotes,
});

/** The end must come after the start (as the API checks); only when both are filled in. */
export function endsBeforeStart(v: Pick<MeetingValues, 'startsAt' | 'endsAt'>): boolean {
  const start = fromLocalInput(v.startsAt);
  const end = fromLocalInput(v.endsAt);
  return start !== null && end !== null && new Date(end).getTime() <= new Date(start).getTime();
}
