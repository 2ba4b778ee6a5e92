import Link from 'next/link';

/** Site navigation; server-rendered, so it works without JavaScript. */
export function Nav() {
  return (
    <nav aria-label="Main">
      <Link className="brand" href="/">negmnist</Link>
      <Link href="/">The answer</Link>
      <Link href="/runs/">Runs</Link>
      <Link href="/data/">Data</Link>
    </nav>
  );
}
