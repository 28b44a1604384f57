import { Heading3, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { LoadMore } from '../../../components/LoadMore';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useAgendaItemsById, useOpenHandoffs, useStalledItems } from '../api';
import { usePartyNames } from '../../joint/usePartyNames';
import { BallBadges } from '../../joint/components/BallBadges';
import { StatusBadge } from './AgendaBadges';
import { HandoffActions } from '../../joint/components/HandoffActions';
import '../../joint/joint.css';

/**
 * "Waar ligt de bal?" on the home page: the agenda items handed to the user's party, to accept or
 * decline right here, and the items that lie still with that party. Without a party (the core
 * team) it shows every open handoff and every stalled item.
 */
export function BallPanel() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const partyId = me.data?.partyId ?? null;
  const names = usePartyNames();
  const handoffs = useOpenHandoffs(partyId);
  const stalled = useStalledItems(partyId);
  const items = useAgendaItemsById(handoffs.items.map((handoff) => handoff.subjectId));
  const [announcement, setAnnouncement] = useState('');
  if (!me.data) return null;
  const own = partyId !== null;

  return (
    <Section id="home-ball" title={t('agenda.panel.title')}>
      <Paragraph>{own ? t('agenda.panel.introParty', { party: names.name(partyId) }) : t('agenda.panel.introAll')}</Paragraph>
      <p role="status" className="kompas-status">
        {announcement}
      </p>
      <Heading3 id="home-ball-handoffs">{own ? t('agenda.panel.handedToUs') : t('agenda.panel.openHandoffs')}</Heading3>
      {handoffs.isPending ? (
        <Loading />
      ) : handoffs.isError ? (
        <LoadError error={handoffs.error} />
      ) : handoffs.items.length === 0 ? (
        <Paragraph>{t('agenda.panel.noHandoffs')}</Paragraph>
      ) : (
        <>
          <ul className="kompas-list" aria-labelledby="home-ball-handoffs">
            {handoffs.items.map((handoff, index) => {
              const item = items[index]?.data?.data;
              const title = item?.title ?? t('agenda.panel.itemLoading');
              return (
                <li key={handoff.id} className="kompas-ball-item">
                  <p className="kompas-ball-item__title">
                    <RouterLink to={`/agenda/${handoff.subjectId}`}>{title}</RouterLink>
                  </p>
                  <Paragraph>
                    {t('agenda.panel.handoffLine', {
                      from: names.name(handoff.fromPartyId),
                      to: names.name(handoff.toPartyId),
                      date: new Date(handoff.createdAt).toLocaleDateString(i18n.language),
                    })}
                  </Paragraph>
                  {handoff.note && (
                    <Paragraph>
                      {t('agenda.handoff.note')}: <q>{handoff.note}</q>
                    </Paragraph>
                  )}
                  <HandoffActions subject={{ kind: 'agenda-items', id: handoff.subjectId }} itemTitle={title} handoff={handoff} onDone={setAnnouncement} />
                </li>
              );
            })}
          </ul>
          <LoadMore list={handoffs} />
        </>
      )}
      <Heading3 id="home-ball-stalled">{own ? t('agenda.panel.stalledOurs') : t('agenda.panel.stalledAll')}</Heading3>
      {stalled.isPending ? (
        <Loading />
      ) : stalled.isError ? (
        <LoadError error={stalled.error} />
      ) : stalled.items.length === 0 ? (
        <Paragraph>{t('agenda.panel.noStalled')}</Paragraph>
      ) : (
        <>
          <ul className="kompas-list" aria-labelledby="home-ball-stalled">
            {stalled.items.map((item) => (
              <li key={item.id} className="kompas-ball-item">
                <p className="kompas-ball-item__title">
                  <RouterLink to={`/agenda/${item.id}`}>{item.title}</RouterLink>
                </p>
                <span className="kompas-badges">
                  <StatusBadge status={item.status} />
                  <BallBadges item={item} partyName={names.name} />
                </span>
              </li>
            ))}
          </ul>
          <LoadMore list={stalled} />
        </>
      )}
      <Paragraph>
        <RouterLink to={own ? `/agenda?ballHolderId=${partyId}` : '/agenda'}>{t('agenda.panel.toAgenda')}</RouterLink>
      </Paragraph>
    </Section>
  );
}
