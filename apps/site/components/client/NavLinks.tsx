'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'The answer' },
  { href: '/explanation/', label: 'Explanation' },
  { href: '/runs/', label: 'Runs' },
  { href: '/data/', label: 'Data' },
  { href: '/speed/', label: 'Speed' },
  { href: '/lab/', label: 'Lab' },
] as const;

/** Section links; the current section carries aria-current so screen readers announce it. */
export function NavLinks() {
  const pathname = usePathname() ?? '/';
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href.slice(0, -1)));
  return (
    <>
      {LINKS.map((link) => (
        <Link key={link.href} href={link.href} aria-current={current(link.href) ? 'page' : undefined}>
          {link.label}
        </Link>
      ))}
    </>
  );
}
