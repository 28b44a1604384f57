import type { AgendaItem, AgendaItemCreate, AgendaItemUpdate, AgendaStatus, Level, Visibility } from './api';

/** The agenda item form's values: text as typed, '' where nothing is chosen. */
export interface AgendaValues extends Record<string, unknown> {
  title: string;
  description: string;
  horizon: string;
  phaseId: string; // '' = none
  status: AgendaStatus; // only when creating; later through the allowed steps
  leadPartyId: string;
  ballHolderId: string; // only when creating; '' = the lead party
  targetDate: string; // '' = none
  progress: string;
  driverIds: string[];
  questionIds: string[];
  participants: { partyId: string; level: Level | '' }[];
  visibility: Visibility;
}

export const toValues = (item: AgendaItem): AgendaValues => ({
  title: item.title,
  description: item.description,
  horizon: item.horizon,
  phaseId: item.phaseId ?? '',
  status: item.status,
  leadPartyId: item.leadPartyId,
  ballHolderId: item.ballHolderId,
  targetDate: item.targetDate ?? '',
  progress: String(item.progress),
  driverIds: item.driverIds,
  questionIds: item.questionIds,
  participants: item.participants.map((p) => ({ partyId: p.partyId, level: p.level })),
  visibility: item.visibility,
});

/** The body for the API: a new item with its start status and ball holder; a change without them. */
export function toBody(v: AgendaValues, isNew: true): AgendaItemCreate;
export function toBody(v: AgendaValues, isNew: false): AgendaItemUpdate;
export function toBody(v: AgendaValues, isNew: boolean): AgendaItemCreate | AgendaItemUpdate {
  const shared = {
    title: v.title.trim(),
    description: v.description,
    horizon: v.horizon.trim(),
    phaseId: v.phaseId || null,
    leadPartyId: v.leadPartyId,
    targetDate: v.targetDate || null,
    progress: Number(v.progress.trim() || '0'),
    driverIds: v.driverIds,
    questionIds: v.questionIds,
    participants: v.participants.map((p) => ({ partyId: p.partyId, level: p.level as Level })),
    visibility: v.visibility,
  };
  if (!isNew) return shared;
  return { ...shared, status: v.status, ...(v.ballHolderId ? { ballHolderId: v.ballHolderId } : {}) };
}
