import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { Section } from '../../../components/Section';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { compassKeys, useDrivers, usePhases, usePurpose, useWorkFormats } from '../api';
import { CompassList } from '../components/OrderedList';
import { LoadMore } from '../../../components/LoadMore';

export default function CompassPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = can.edit(me.data?.role);
  const purpose = usePurpose();
  const drivers = useDrivers();
  const phases = usePhases();
  const workFormats = useWorkFormats();

  return (
    <>
      <PageHeading>{t('compass.title')}</PageHeading>
      <Paragraph>{t('compass.intro')}</Paragraph>

      <Section
        id="purpose"
        title={t('compass.purpose.title')}
        action={canEdit && <ButtonRouterLink to="/compass/purpose/edit">{t('compass.purpose.edit')}</ButtonRouterLink>}
      >
        {purpose.isPending ? (
          <Loading />
        ) : purpose.isError ? (
          <LoadError error={purpose.error} />
        ) : purpose.data.data.statement ? (
          <>
            <Paragraph className="kompas-purpose">{purpose.data.data.statement}</Paragraph>
            {purpose.data.data.explanation && <Paragraph>{purpose.data.data.explanation}</Paragraph>}
          </>
        ) : (
          <Paragraph>{t('compass.purpose.empty')}</Paragraph>
        )}
      </Section>

      <Section
        id="drivers"
        title={t('compass.drivers.title')}
        action={canEdit && <ButtonRouterLink to="/compass/drivers/new">{t('compass.drivers.new')}</ButtonRouterLink>}
      >
        {drivers.isPending ? (
          <Loading />
        ) : drivers.isError ? (
          <LoadError error={drivers.error} />
        ) : (
          <CompassList
            kind="drivers"
            items={drivers.items.map((d) => ({ ...d, label: d.title }))}
            editPath={(id) => `/compass/drivers/${id}/edit`}
            detailPath={(id) => `/drivers/${id}`}
            canEdit={canEdit}
            reorderable
            queryKey={compassKeys.drivers}
          />
        )}
        {drivers.isSuccess && <LoadMore list={drivers} />}
      </Section>

      <Section
        id="phases"
        title={t('compass.phases.title')}
        action={canEdit && <ButtonRouterLink to="/compass/phases/new">{t('compass.phases.new')}</ButtonRouterLink>}
      >
        {phases.isPending ? (
          <Loading />
        ) : phases.isError ? (
          <LoadError error={phases.error} />
        ) : (
          <CompassList
            kind="phases"
            items={phases.items.map((p) => ({ ...p, label: p.name }))}
            editPath={(id) => `/compass/phases/${id}/edit`}
            canEdit={canEdit}
            reorderable
            queryKey={compassKeys.phases}
          />
        )}
        {phases.isSuccess && <LoadMore list={phases} />}
      </Section>

      <Section
        id="work-formats"
        title={t('compass.workFormats.title')}
        action={
          canEdit && <ButtonRouterLink to="/compass/work-formats/new">{t('compass.workFormats.new')}</ButtonRouterLink>
        }
      >
        {workFormats.isPending ? (
          <Loading />
        ) : workFormats.isError ? (
          <LoadError error={workFormats.error} />
        ) : (
          <CompassList
            kind="workFormats"
            items={workFormats.items.map((w) => ({ ...w, label: w.name }))}
            editPath={(id) => `/compass/work-formats/${id}/edit`}
            canEdit={canEdit}
            reorderable={false}
            queryKey={compassKeys.workFormats}
          />
        )}
        {workFormats.isSuccess && <LoadMore list={workFormats} />}
      </Section>
    </>
  );
}
