import { Heading3, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useDrivers, usePurpose } from '../../compass/api';
import { LoadMore } from '../../../components/LoadMore';
import { BallPanel } from '../../agenda/components/BallPanel';

/** The start page: the shared purpose and the drivers under it. Later capabilities add sections. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const purpose = usePurpose();
  const drivers = useDrivers();
  return (
    <>
      <PageHeading title={t('home.title')}>
        {me.data ? t('home.welcome', { name: me.data.name }) : t('home.title')}
      </PageHeading>
      <BallPanel />
      <Section id="home-purpose" title={t('compass.purpose.title')}>
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
      <Section id="home-drivers" title={t('compass.drivers.title')}>
        {drivers.isPending ? (
          <Loading />
        ) : drivers.isError ? (
          <LoadError error={drivers.error} />
        ) : drivers.items.length === 0 ? (
          <Paragraph>{t('compass.drivers.empty')}</Paragraph>
        ) : (
          <ol className="kompas-list">
            {drivers.items.map((driver) => (
              <li key={driver.id}>
                <Heading3>{driver.title}</Heading3>
                {driver.description && <Paragraph>{driver.description}</Paragraph>}
              </li>
            ))}
          </ol>
        )}
        {drivers.isSuccess && <LoadMore list={drivers} />}
      </Section>
      <Paragraph>
        <RouterLink to="/compass">{t('home.toCompass')}</RouterLink>
      </Paragraph>
    </>
  );
}
