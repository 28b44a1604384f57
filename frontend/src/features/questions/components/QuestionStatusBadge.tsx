import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/Badge';
import type { QuestionStatus } from '../api';

const TONES: Record<QuestionStatus, BadgeTone> = { open: 'neutral', investigating: 'progress', answered: 'done', closed: 'muted' };

/** The status of a question in words (never by colour alone). */
export function QuestionStatusBadge({ status }: { status: QuestionStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONES[status]}>{t(`questions.statuses.${status}`)}</Badge>;
}
