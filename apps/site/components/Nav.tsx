import Link from 'next/link';
import { NavLinks } from './client/NavLinks';

/** Site navigation; prerendered, so it works without JavaScript. */
export function Nav() {
  return (
    <nav aria-label="Main">
      <Link className="brand" href="/">
        negmnist
      </Link>
      <NavLinks />
    </nav>
  );
}
