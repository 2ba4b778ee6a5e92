import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '../components/Nav';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'negmnist: why negative MNIST trains erratically', template: '%s · negmnist' },
  description: 'An MLP that trains smoothly on MNIST but erratically on negative images: measured and explained from run records.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">Skip to content</a>
        <header className="site-header">
          <Nav />
        </header>
        <main id="content">{children}</main>
        <footer className="site-footer">Built from run records at build time · negmnist</footer>
      </body>
    </html>
  );
}
