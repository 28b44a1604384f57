import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';
import { ballState, type BallSubject } from '../rules';

/**
 * Who has the ball (of an agenda item or a question): "Bal ligt bij …", and while a handoff waits
 * "Overgedragen aan … (nog niet geaccepteerd)"; "Ligt stil" when neither ball nor item moved for a while.
 */
export function BallBadges({
  item,
  partyName,
}: {
  item: Pick<BallSubject, 'ballHolderId' | 'pendingHandoff'> & { stalled: boolean };
  partyName: (id: string) => string;
}) {
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
