import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';

/** Who sees an experience, as a badge: published ones stand out. */
export function VisibilityBadge({ visibility }: { visibility: string }) {
  const { t } = useTranslation();
  return <Badge tone={visibility === 'published' ? 'done' : visibility === 'partners' ? 'progress' : 'muted'}>{t(`experiences.visibilities.${visibility}`)}</Badge>;
}
