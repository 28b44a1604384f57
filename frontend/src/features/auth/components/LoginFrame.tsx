import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../components/AppShell';

/** The page around login and its callback: the brand and the language switch, no navigation. */
export function LoginFrame({ children }: { children: ReactNode }) {
  return (
    <div className="kompas-app">
      <header className="kompas-header">
        <div className="kompas-header__inner">
          <div className="kompas-brand">
            <span className="kompas-brand__name">Kompas</span>
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="kompas-login">
        {children}
      </main>
    </div>
  );
}
