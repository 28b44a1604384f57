import { Button, FormLabel, PageFooter, Paragraph, SkipLink, Textbox } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { NavItem } from '../app/feature';
import { logout as endSessionAtApi } from '../auth/session';
import { useMe } from '../auth/useMe';
import { LANGUAGES } from '../i18n';

export function AppShell({ nav }: { nav: NavItem[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.data?.role;
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  // On a narrow screen the tools and the navigation fold away behind the menu button. The menu is
  // open for the location it was opened at, so following a link in it (or searching) closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const menuOpen = openAt === location.key;
  const menuButton = useRef<HTMLButtonElement>(null);

  const logout = () => {
    void endSessionAtApi();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !menuOpen) return;
    setOpenAt(null);
    menuButton.current?.focus();
  };

  return (
    <div className="kompas-app">
      <SkipLink href="#main">{t('shell.skipToContent')}</SkipLink>
      <header className="kompas-header" onKeyDown={closeOnEscape}>
        <div className="kompas-header__inner kompas-header__inner--app">
          <div className="kompas-brand">
            <span className="kompas-brand__name">Kompas</span>
            {me.data && <span className="kompas-brand__organisation">{me.data.organisationName}</span>}
          </div>
          <Button
            ref={menuButton}
            type="button"
            appearance="secondary-action-button"
            className="kompas-menu-button"
            aria-expanded={menuOpen}
            aria-controls="kompas-menu"
            onClick={() => setOpenAt(menuOpen ? null : location.key)}
          >
            <MenuIcon open={menuOpen} />
            {t('shell.menu')}
          </Button>
          <div id="kompas-menu" className="kompas-menu" data-open={menuOpen || undefined}>
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
          </div>
        </div>
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

/** Three bars, or a cross while the menu is open; the button's text names it. */
function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg className="kompas-menu-button__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {open ? (
        <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
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
