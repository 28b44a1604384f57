import { Button, FormLabel, PageFooter, Paragraph, SkipLink, Textbox } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import type { NavItem } from '../app/feature';
import { logout as endSessionAtApi } from '../auth/session';
import { useMe } from '../auth/useMe';
import { LANGUAGES } from '../i18n';

export function AppShell({ nav }: { nav: NavItem[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.data?.role;
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const logout = () => {
    void endSessionAtApi();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <div className="kompas-app">
      <SkipLink href="#main">{t('shell.skipToContent')}</SkipLink>
      <header className="kompas-header">
        <div className="kompas-header__inner">
          <div className="kompas-brand">
            <span className="kompas-brand__name">Kompas</span>
            {me.data && <span className="kompas-brand__organisation">{me.data.organisationName}</span>}
          </div>
          <div className="kompas-header__tools">
            {me.data && <HeaderSearch />}
            <LanguageSwitch />
            {me.data && (
              <p className="kompas-user">
                <span className="kompas-user__name">{me.data.name}</span>{' '}
                <span className="kompas-user__role">({t(`roles.${me.data.role}`)})</span>
              </p>
            )}
            <Button type="button" appearance="secondary-action-button" onClick={logout}>
              {t('shell.logout')}
            </Button>
          </div>
        </div>
        <nav aria-label={t('shell.mainNavigation')} className="kompas-nav">
          <ul className="kompas-nav__list">
            {nav
              .filter((item) => !item.visibleTo || item.visibleTo(role))
              .map((item) => (
                <li key={item.to} className="kompas-nav__item">
                  <NavLink to={item.to} end={item.to === '/'} className="kompas-nav__link">
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="kompas-main">
        <Outlet />
      </main>
      <PageFooter className="kompas-footer">
        <Paragraph>{t('shell.footer')}</Paragraph>
      </PageFooter>
    </div>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div role="group" aria-label={t('shell.language')} className="kompas-language">
      {LANGUAGES.map((language) => (
        <Button
          key={language}
          type="button"
          appearance="subtle-button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {t(`languages.${language}`, { lng: language })}
        </Button>
      ))}
    </div>
  );
}

/** The search box in the header: it leads to the search page with the results across the joint work. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    navigate(`/search?q=${encodeURIComponent(text.trim())}`);
    setText('');
  };
  return (
    <form role="search" aria-label={t('shell.search')} onSubmit={onSubmit} className="kompas-header-search">
      <FormLabel htmlFor="header-search" className="visually-hidden">
        {t('shell.searchLabel')}
      </FormLabel>
      <Textbox id="header-search" type="text" name="header-q" value={text} onChange={(event) => setText(event.target.value)} />
      <Button type="submit" appearance="secondary-action-button">
        {t('shell.searchButton')}
      </Button>
    </form>
  );
}
