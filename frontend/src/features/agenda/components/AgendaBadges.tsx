import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/Badge';
import type { AgendaStatus } from '../api';

const TONES: Record<AgendaStatus, BadgeTone> = {
  idea: 'neutral',
  planned: 'neutral',
  'in-progress': 'progress',
  done: 'done',
  dropped: 'muted',
};

/** The status in words (never by colour alone). */
export function StatusBadge({ status }: { status: AgendaStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONES[status]}>{t(`agenda.statuses.${status}`)}</Badge>;
}
