import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/Badge';
import { formatDate } from '../../joint/format';
import type { RoundStatus, RoundSummary } from '../api';
import { responsePercent } from '../rules';

const TONES: Record<RoundStatus, BadgeTone> = { draft: 'muted', open: 'progress', closed: 'done' };

/** A round's status, and for the caller whether they answered. */
export function RoundBadges({ round }: { round: RoundSummary }) {
  const { t } = useTranslation();
  return (
    <span className="kompas-badges">
      <Badge tone={TONES[round.status]}>{t(`reflection.statuses.${round.status}`)}</Badge>
      {round.answered && <Badge tone="done">{t('reflection.answeredBadge')}</Badge>}
      {round.status === 'open' && round.resultsReleased && <Badge>{t('reflection.releasedBadge')}</Badge>}
    </span>
  );
}

/** "1 dec. – 14 dec. · 12 van 30 beantwoord (40%)". */
export function RoundMeta({ round }: { round: RoundSummary }) {
  const { t, i18n } = useTranslation();
  const rate = round.responseRate;
  const percent = responsePercent(rate);
  return (
    <Paragraph className="kompas-agenda-meta">
      {t('reflection.period', { from: formatDate(round.opensOn, i18n.language), to: formatDate(round.closesOn, i18n.language) })}
      {' · '}
      {percent === null
        ? t('reflection.nobodyInvited')
        : t('reflection.responseRate', { answered: rate.answered, invited: rate.invited, percent })}
    </Paragraph>
  );
}
