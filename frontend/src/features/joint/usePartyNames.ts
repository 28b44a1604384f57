import { useTranslation } from 'react-i18next';
import { usePartyOptions } from '../parties/api';

/** The organisation's parties for choosing one, and a lookup of a party's name by id. */
export function usePartyNames() {
  const { t } = useTranslation();
  const parties = usePartyOptions();
  const items = parties.data?.items ?? [];
  const names = new Map(items.map((party) => [party.id, party.name]));
  return {
    parties: items,
    isPending: parties.isPending,
    name: (id: string | null | undefined) => (id ? (names.get(id) ?? t('agenda.unknownParty')) : '—'),
  };
}
