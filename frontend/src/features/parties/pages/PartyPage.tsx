import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useNeeds, useParty, usePartyOptions, usePartner, usePeople, type Party } from '../api';
import { NeedList } from '../components/NeedList';
import { LoadMore } from '../../../components/LoadMore';
import { ApiTokensSection } from '../../admin/components/ApiTokensSection';

/** One department or partner: its details, people, and its needs and offers. */
export default function PartyPage() {
  const { id = '' } = useParams();
  const party = useParty(id);
  if (party.isPending) return <Loading />;
  if (party.isError) return <LoadError error={party.error} />;
  return <PartyDetails key={id} party={party.data} />;
}

function PartyDetails({ party }: { party: Party }) {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.data?.role;
  const isPartner = party.kind === 'partner';
  const partner = usePartner(party.id, isPartner);
  const people = usePeople(party.id);
  const needs = useNeeds({ partyId: party.id });
  const askedOf = useNeeds({ counterpartPartyId: party.id });
  const options = usePartyOptions();
  const partyNames = new Map((options.data?.items ?? []).map((p) => [p.id, p.name]));
  const editPath = `/parties/${isPartner ? 'partners' : 'departments'}/${party.id}/edit`;

  return (
    <>
      <PageHeading>{party.name}</PageHeading>
      <Paragraph>
        <RouterLink to="/parties">{t('parties.backToList')}</RouterLink>
      </Paragraph>
      {can.edit(role) && (
        <div className="kompas-actions">
          <ButtonRouterLink to={editPath}>{t(isPartner ? 'parties.editPartner' : 'parties.editDepartment')}</ButtonRouterLink>
        </div>
      )}

      <Section id="details" title={t('parties.details')}>
        <DataList>
          <DataListItem>
            <DataListKey>{t('parties.kind')}</DataListKey>
            <DataListValue>{t(`parties.kinds.${party.kind}`)}</DataListValue>
          </DataListItem>
          {party.description && (
            <DataListItem>
              <DataListKey>{t('common.description')}</DataListKey>
              <DataListValue>{party.description}</DataListValue>
            </DataListItem>
          )}
          {isPartner && partner.data && (
            <>
              <DataListItem>
                <DataListKey>{t('parties.organisationType')}</DataListKey>
                <DataListValue>{t(`parties.organisationTypes.${partner.data.data.organisationType}`)}</DataListValue>
              </DataListItem>
              {partner.data.data.website && (
                <DataListItem>
                  <DataListKey>{t('parties.website')}</DataListKey>
                  <DataListValue>
                    <a className="utrecht-link utrecht-link--html-a" href={partner.data.data.website} rel="noreferrer">
                      {partner.data.data.website}
                    </a>
                  </DataListValue>
                </DataListItem>
              )}
            </>
          )}
        </DataList>
      </Section>

      {isPartner && (
        <Section id="contacts" title={t('parties.contacts')}>
          {partner.isPending ? (
            <Loading />
          ) : partner.isError ? (
            <LoadError error={partner.error} />
          ) : partner.data.data.contacts.length === 0 ? (
            <Paragraph>{t('parties.noContacts')}</Paragraph>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('parties.contactRole')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('common.email')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('common.phone')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {partner.data.data.contacts.map((contact, index) => (
                  <TableRow key={index}>
                    <TableCell>{contact.name}</TableCell>
                    <TableCell>{contact.role}</TableCell>
                    <TableCell>{contact.email ?? '—'}</TableCell>
                    <TableCell>{contact.phone ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
      )}

      <Section
        id="people"
        title={t('people.title')}
        action={
          can.edit(role) && <ButtonRouterLink to={`/parties/people/new?partyId=${party.id}`}>{t('people.new')}</ButtonRouterLink>
        }
      >
        {people.isPending ? (
          <Loading />
        ) : people.isError ? (
          <LoadError error={people.error} />
        ) : people.items.length === 0 ? (
          <Paragraph>{t('people.empty')}</Paragraph>
        ) : (
          <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('people.jobTitle')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('common.email')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('common.phone')}</TableHeaderCell>
                {can.edit(role) && (
                  <TableHeaderCell scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </TableHeaderCell>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {people.items.map((person) => (
                <TableRow key={person.id}>
                  <TableCell>{person.name}</TableCell>
                  <TableCell>{person.jobTitle}</TableCell>
                  <TableCell>{person.email ?? '—'}</TableCell>
                  <TableCell>{person.phone ?? '—'}</TableCell>
                  {can.edit(role) && (
                    <TableCell>
                      <RouterLink to={`/parties/people/${person.id}/edit`} aria-label={`${t('common.edit')}: ${person.name}`}>
                        {t('common.edit')}
                      </RouterLink>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={people} />
          </>
        )}
      </Section>

      <Section
        id="needs"
        title={t('needs.title')}
        action={
          can.recordNeedFor(me.data, party.id) && (
            <ButtonRouterLink to={`/parties/needs/new?partyId=${party.id}`}>{t('needs.new')}</ButtonRouterLink>
          )
        }
      >
        {needs.isPending ? (
          <Loading />
        ) : needs.isError ? (
          <LoadError error={needs.error} />
        ) : needs.items.length === 0 ? (
          <Paragraph>{t('needs.empty')}</Paragraph>
        ) : (
          <>
            <NeedList needs={needs.items} partyNames={partyNames} canEdit={(need) => can.recordNeedFor(me.data, need.partyId)} />
            <LoadMore list={needs} />
          </>
        )}
      </Section>

      <Section id="asked-of" title={t('needs.askedOfTitle')}>
        {askedOf.isPending ? (
          <Loading />
        ) : askedOf.isError ? (
          <LoadError error={askedOf.error} />
        ) : askedOf.items.length === 0 ? (
          <Paragraph>{t('needs.askedOfEmpty')}</Paragraph>
        ) : (
          <>
            <NeedList
              needs={askedOf.items}
              partyNames={partyNames}
              canEdit={(need) => can.recordNeedFor(me.data, need.partyId)}
              showOwner
            />
            <LoadMore list={askedOf} />
          </>
        )}
      </Section>

      {isPartner && can.manageTokens(role) && <ApiTokensSection partnerId={party.id} />}
    </>
  );
}
