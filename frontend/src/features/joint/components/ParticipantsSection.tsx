import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import type { Level } from '../api';
import { usePartyNames } from '../usePartyNames';

/** The parties taking part in an agenda item or question, with their level. */
export function ParticipantsSection({ participants }: { participants: { partyId: string; level: Level }[] }) {
  const { t } = useTranslation();
  const names = usePartyNames();
  return (
    <Section id="participants" title={t('agenda.participants')}>
      {participants.length === 0 ? (
        <Paragraph>{t('agenda.noParticipants')}</Paragraph>
      ) : (
        <Table>
          <TableCaption className="visually-hidden">{t('agenda.participants')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('agenda.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('agenda.level')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {participants.map((p) => (
              <TableRow key={p.partyId}>
                <TableCell>
                  <RouterLink to={`/parties/${p.partyId}`}>{names.name(p.partyId)}</RouterLink>
                </TableCell>
                <TableCell>{t(`agenda.levels.${p.level}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
