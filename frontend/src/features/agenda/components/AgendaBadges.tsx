import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/Badge';
import type { AgendaItem, AgendaStatus } from '../api';
import { ballState } from '../rules';

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

/**
 * Who has the ball: "Bal ligt bij …", and while a handoff waits "Overgedragen aan … (nog niet
 * geaccepteerd)"; "Ligt stil" when neither ball nor item moved for a while.
 */
export function BallBadges({ item, partyName }: { item: Pick<AgendaItem, 'ballHolderId' | 'pendingHandoff' | 'stalled'>; partyName: (id: string) => string }) {
  const { t } = useTranslation();
  const ball = ballState(item);
  return (
    <span className="kompas-badges">
      <Badge>{t('agenda.ball.with', { party: partyName(ball.holderId) })}</Badge>
      {ball.kind === 'handed-over' && <Badge tone="progress">{t('agenda.ball.handedOver', { party: partyName(ball.toPartyId) })}</Badge>}
      {item.stalled && <Badge tone="muted">{t('agenda.ball.stalled')}</Badge>}
    </span>
  );
}
