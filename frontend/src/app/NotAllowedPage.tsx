import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';
import { RouterLink } from '../components/RouterLink';

/** A page the user's role may not open: said plainly, with the way back. */
export default function NotAllowedPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notAllowed.title')}</PageHeading>
      <Paragraph>{t('notAllowed.text')}</Paragraph>
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </>
  );
}
