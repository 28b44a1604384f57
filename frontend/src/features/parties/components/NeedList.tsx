import { Heading3, Paragraph } from '@utrecht/component-library-react';
import { Badge } from '../../../components/Badge';
import { useTranslation } from 'react-i18next';
import { RouterLink } from '../../../components/RouterLink';
import type { Need } from '../api';

/** Needs and offers, each with its status and whom it is asked of or offered to. */
export function NeedList({
  needs,
  partyNames,
  canEdit,
  showOwner = false,
}: {
  needs: Need[];
  partyNames: Map<string, string>;
  canEdit: (need: Need) => boolean;
  showOwner?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ul className="kompas-list">
      {needs.map((need) => (
        <li key={need.id}>
          <Heading3>
            {t(`needs.kinds.${need.kind}`)}: {need.title}
          </Heading3>
          <Paragraph>
            <Badge tone={need.status === 'met' ? 'done' : need.status === 'being-met' ? 'progress' : 'neutral'}>
              {t(`needs.statuses.${need.status}`)}
            </Badge>{' '}
            {showOwner && <>{t('needs.from', { party: partyNames.get(need.partyId) ?? '—' })} · </>}
            {need.counterpartPartyId
              ? t(need.kind === 'need' ? 'needs.askedOf' : 'needs.offeredTo', {
                  party: partyNames.get(need.counterpartPartyId) ?? '—',
                })
              : t(need.kind === 'need' ? 'needs.askedOfEveryone' : 'needs.offeredToEveryone')}
          </Paragraph>
          {need.description && <Paragraph>{need.description}</Paragraph>}
          <Paragraph className="kompas-need-visibility">
            {t('needs.visibility')}: <Badge tone={need.visibility === 'organisation' ? 'neutral' : 'progress'}>{t(`needs.visibilities.${need.visibility}`)}</Badge>
          </Paragraph>
          {canEdit(need) && (
            <Paragraph>
              <RouterLink to={`/parties/needs/${need.id}/edit`} aria-label={`${t('common.edit')}: ${need.title}`}>
                {t('common.edit')}
              </RouterLink>
            </Paragraph>
          )}
        </li>
      ))}
    </ul>
  );
}
